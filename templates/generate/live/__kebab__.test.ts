import { live, mount } from '@kinetic/testing';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { __Name__ } from './__kebab__.js';

describe('__Name__', () => {
  it('adds the notes you write and clears them', async () => {
    const view = await mount(__Name__);
    await view.submit('form', { text: 'Buy milk' });
    await view.submit('form', { text: 'Call Ada' });
    expect(view.count('li')).toBe(2);
    expect(view.text('li:last-child')).toBe('Call Ada');
    await view.click('button[lv-click=clear]');
    expect(view.count('li')).toBe(0);
  });

  it('ignores an empty note', async () => {
    const view = await mount(__Name__);
    await view.submit('form', { text: '   ' });
    expect(view.count('li')).toBe(0);
  });

  it('is served at __path__', async () => {
    const view = await live(buildApp, '__path__');
    try {
      expect(view.text('h1')).toBe('__Title__');
    } finally {
      await view.close();
    }
  });
});
