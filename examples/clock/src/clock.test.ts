import { live, mount } from '@kinetic/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from './app.js';
import { Clock } from './clock.js';

/** Freezes Date (only Date: the harness's virtual clock drives the view's timers). */
const at = (iso: string) => vi.setSystemTime(new Date(iso));

afterEach(() => {
  vi.useRealTimers();
});

describe('the clock', () => {
  it('shows the server time in UTC', async () => {
    at('2026-03-01T12:00:00Z');
    const view = await mount(Clock);
    expect(view.text('#time')).toBe('12:00:00');
    expect(view.attr('#time', 'datetime')).toBe('2026-03-01T12:00:00.000Z');
    expect(view.text('#ticks')).toBe('0');
  });

  it('ticks once a second, deterministically, with advanceTimers', async () => {
    at('2026-03-01T12:00:00Z');
    const view = await mount(Clock);
    await view.advanceTimers(999);
    expect(view.text('#ticks')).toBe('0');
    at('2026-03-01T12:00:01Z');
    await view.advanceTimers(1);
    expect(view.text('#time')).toBe('12:00:01');
    expect(view.text('#ticks')).toBe('1');
    await view.advanceTimers(5000);
    expect(view.text('#ticks')).toBe('6');
  });

  it('picking a time zone shows the time there and marks the button pressed', async () => {
    at('2026-03-01T12:00:00Z');
    const view = await mount(Clock);
    await view.click('button:contains("Asia/Tokyo")');
    expect(view.text('#time')).toBe('21:00:00');
    expect(view.attr('button:contains("Asia/Tokyo")', 'aria-pressed')).toBe('true');
    expect(view.attr('button:contains("UTC")', 'aria-pressed')).toBe('false');
  });

  it('stops ticking when the view closes', async () => {
    const view = await mount(Clock);
    await view.close();
    await expect(view.advanceTimers(1000)).rejects.toMatchObject({ code: 'KN_ERR_TEST_CLOSED' });
  });

  it('pushes ticks over the real WebSocket (real timers: waitFor)', async () => {
    const view = await live(buildApp, '/');
    try {
      await view.click('button:contains("Europe/Paris")');
      expect(view.attr('button:contains("Europe/Paris")', 'aria-pressed')).toBe('true');
      await view.waitFor(() => view.text('#ticks') === '1', { timeout: 3000 });
      expect(view.text('#time')).toMatch(/^\d\d:\d\d:\d\d$/);
    } finally {
      await view.close();
    }
  });
});
