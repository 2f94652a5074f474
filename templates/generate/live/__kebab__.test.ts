import { live, mount } from '@kinetic/testing';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { __Name__ } from './__kebab__.js';

describe('__Name__', () => {
  it('counts the presses of its button', async () => {
    const view = await mount(__Name__);
    expect(view.text('.presses')).toBe('Pressed 0 times');
    await view.click('button[lv-click=press]');
    await view.click('button[lv-click=press]');
    expect(view.text('.presses')).toBe('Pressed 2 times');
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
