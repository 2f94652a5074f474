import { renderComponent } from '@kinetic/testing';
import { describe, expect, it } from 'vitest';
import { __Name__ } from './__kebab__.js';

describe('__Name__', () => {
  it('shows its title and body', () => {
    const view = renderComponent(__Name__, { title: 'Hello', body: 'World' });
    expect(view.text('h2')).toBe('Hello');
    expect(view.text('p')).toBe('World');
  });

  it('leaves the body out when there is none', () => {
    const view = renderComponent(__Name__, { title: 'Hello' });
    expect(view.has('p')).toBe(false);
  });
});
