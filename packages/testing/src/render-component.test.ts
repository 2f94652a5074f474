import { html } from '@kinetic/core';
import { describe, expect, it } from 'vitest';
import { renderComponent } from './index.js';

const badge = ({ label, tone }: { label: string; tone: 'new' | 'old' }) =>
  html`<span class="badge ${tone}" title="${label}">${label}</span>`;

const menu = (items: string[]) =>
  html`<ul>${items.map((item) => html`<li><a href="/${item}">${item}</a></li>`)}</ul>`;

describe('renderComponent()', () => {
  it('renders a function component with props, queryable like a view', () => {
    const out = renderComponent(badge, { label: 'Fresh & <new>', tone: 'new' });
    expect(out.text('.badge')).toBe('Fresh & <new>');
    expect(out.attr('.badge', 'class')).toBe('badge new');
    // Serialized as a browser's outerHTML: attributes escape only & and ".
    expect(out.html()).toBe(
      '<span class="badge new" title="Fresh &amp; <new>">Fresh &amp; &lt;new&gt;</span>',
    );
  });

  it('takes a thunk for components with other signatures', () => {
    const out = renderComponent(() => menu(['docs', 'blog']));
    expect(out.count('li')).toBe(2);
    expect(out.has('a[href="/blog"]', { text: 'blog' })).toBe(true);
    expect(out.has('a', { text: /^doc/ })).toBe(true);
    expect(out.has('a', { text: 'missing' })).toBe(false);
  });

  it('throws the same errors as a view for ambiguous queries', () => {
    const out = renderComponent(() => menu(['a', 'b']));
    expect(() => out.text('li')).toThrow(/KN_ERR_TEST_MANY_MATCHES/);
  });
});
