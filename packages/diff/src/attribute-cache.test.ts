import { describe, expect, it } from 'vitest';
import { diff, html, renderToString } from './index.js';

const link = (href: unknown, label: string) => html`<a href=${href} lv-click=${label}>${label}</a>`;

describe('whole attributes keep the text of values they rendered', () => {
  it('render the value of this render, whichever were rendered before', () => {
    const seen = ['inc', 'dec', 'inc', 'reset', 'dec'].map((v) => renderToString(link('/x', v)));
    expect(seen).toEqual([
      '<a href="/x" lv-click="inc">inc</a>',
      '<a href="/x" lv-click="dec">dec</a>',
      '<a href="/x" lv-click="inc">inc</a>',
      '<a href="/x" lv-click="reset">reset</a>',
      '<a href="/x" lv-click="dec">dec</a>',
    ]);
  });

  it('still check every new value: a script URL after safe ones is refused', () => {
    for (let i = 0; i < 40; i++) renderToString(link(`/page/${i}`, 'go'));
    expect(() => link('javascript:alert(1)', 'go')).toThrow(/KN_ERR_TEMPLATE_UNSAFE_URL/);
    expect(renderToString(link('/page/3', 'go'))).toBe('<a href="/page/3" lv-click="go">go</a>');
  });

  it('escape, and diff to nothing when the value is the same', () => {
    expect(renderToString(link('/a?x="1"&y', 'a'))).toBe(
      '<a href="/a?x=&quot;1&quot;&amp;y" lv-click="a">a</a>',
    );
    expect(diff(link('/a', 'a'), link('/a', 'a'))).toBeNull();
    expect(diff(link('/a', 'a'), link('/a', 'b'))).not.toBeNull();
  });

  it('render right for a slot whose values never repeat (the kept texts start over)', () => {
    const many = Array.from({ length: 1000 }, (_, i) => renderToString(link(`/row/${i}`, 'r')));
    expect(many[999]).toBe('<a href="/row/999" lv-click="r">r</a>');
  });
});
