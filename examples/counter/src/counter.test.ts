import { renderedWithoutCompileStep } from '@kinetic/core/jsx-runtime';
import { live, mount, renderComponent } from '@kinetic/testing';
import { describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { Counter } from './counter.js';
import { CounterJsx } from './counter-jsx.js';

// Every test runs against the view and against its JSX twin, which the app serves with
// { jsx: true }.
describe.each([
  { how: 'html', Counter, jsx: false },
  { how: 'JSX', Counter: CounterJsx, jsx: true },
])('the counter ($how)', ({ Counter, jsx }) => {
  const app = () => buildApp({}, { jsx });

  it('starts at 0, with Reset disabled', async () => {
    const view = await mount(Counter);
    expect(view.text('#count')).toBe('0');
    expect(view.attr('button:contains("Reset")', 'disabled')).toBe('');
    expect(view.title).toBe('Counter: 0');
  });

  it('clicking + twice shows 2, and the title follows', async () => {
    const view = await mount(Counter);
    await view.click('button[aria-label=inc]');
    await view.click('button[aria-label=inc]');
    expect(view.text('#count')).toBe('2');
    expect(view.title).toBe('Counter: 2');
  });

  it('clicking − goes below zero', async () => {
    const view = await mount(Counter);
    await view.click('button[aria-label=dec]');
    expect(view.text('#count')).toBe('-1');
  });

  it('Reset is enabled once the count moved, and brings it back to 0', async () => {
    const view = await mount(Counter);
    await expect(view.click('button:contains("Reset")')).rejects.toMatchObject({
      code: 'KN_ERR_TEST_DISABLED',
    });
    await view.click('button[aria-label=inc]');
    expect(view.attr('button:contains("Reset")', 'disabled')).toBeUndefined();
    await view.click('button:contains("Reset")');
    expect(view.text('#count')).toBe('0');
  });

  it('works the same through the real app: HTTP render, WebSocket, frames', async () => {
    const view = await live(app, '/');
    try {
      expect(view.text('h1')).toBe('Kinetic counter');
      await view.click('button[aria-label=inc]');
      await view.click('button[aria-label=inc]');
      await view.click('button[aria-label=dec]');
      expect(view.text('#count')).toBe('1');
      expect(view.title).toBe('Counter: 1');
      expect(view.assigns).toEqual({ count: 1 });
    } finally {
      await view.close();
    }
  });

  it('counts its clicks in /metrics and answers /healthz and /readyz', async () => {
    const server = await buildApp({}, { jsx });
    await server.listen({ port: 0, host: '127.0.0.1' });
    try {
      const base = `http://127.0.0.1:${(server.server.address() as { port: number }).port}`;
      const view = await live(server, '/');
      await view.click('button[aria-label=inc]');
      await view.click('button[aria-label=inc]');
      const scrape = await (await fetch(`${base}/metrics`)).text();
      expect(scrape).toMatch(
        new RegExp(`^kinetic_events_total\\{view="${Counter.name}",event="inc"\\} 2$`, 'm'),
      );
      expect(scrape).toMatch(
        new RegExp(`^kinetic_views\\{view="${Counter.name}",transport="websocket"\\} 1$`, 'm'),
      );
      await view.close();
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready' });
    } finally {
      await server.close();
    }
  });

  it('renders any count from assigns alone: render is a plain function', () => {
    const out = renderComponent(Counter.render, { count: 3, flash: {} });
    expect(out.text('#count')).toBe('3');
    expect(out.count('button.step')).toBe(2);
    expect(out.attr('button:contains("Reset")', 'disabled')).toBeUndefined();
  });
});

describe('the JSX twin', () => {
  it('renders the markup of counter.ts (whitespace aside), compiled by @kinetic/jsx', () => {
    // JSX trims the lines of its text and drops the whitespace between tags; nothing else differs.
    const flat = (html: string) => html.replace(/>\s+</g, '><').replace(/\s+/g, ' ');
    for (const count of [0, 5]) {
      const jsx = renderComponent(CounterJsx.render, { count, flash: {} }).html();
      expect(flat(jsx)).toBe(flat(renderComponent(Counter.render, { count, flash: {} }).html()));
    }
    expect(renderedWithoutCompileStep()).toBe(false);
  });
});
