import { live, mount } from '@kinetic/testing';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { Counter } from './counter.js';

describe('Counter', () => {
  it('clicking + twice shows 2', async () => {
    const view = await mount(Counter);
    await view.click('button[aria-label=Increment]');
    await view.click('button[aria-label=Increment]');
    expect(view.text('#count')).toBe('2');
    expect(view.title).toBe('Count: 2');
  });

  it('reset is disabled at 0 and brings the count back to 0', async () => {
    const view = await mount(Counter);
    expect(view.has('button[lv-click=reset][disabled]')).toBe(true);
    await view.click('button[aria-label=Decrement]');
    expect(view.text('#count')).toBe('-1');
    await view.click('button[lv-click=reset]');
    expect(view.text('#count')).toBe('0');
  });

  it('is the home page of the app, live over a real connection', async () => {
    const view = await live(buildApp, '/'); // builds the app, listens, joins over a WebSocket
    try {
      expect(view.text('.welcome-lead')).toContain('This is a Kinetic app.');
      expect(view.has('h2', { text: 'Next' })).toBe(true);
      // Outside `kinetic dev` nothing serves the docs: the page names them, links none.
      expect(view.has('a[href^="/__kinetic/"]')).toBe(false);
      await view.click('button[aria-label=Increment]');
      expect(view.text('#count')).toBe('1');
    } finally {
      await view.close();
    }
  });
});
