/**
 * A page whose token the server no longer takes (a restart with another secret, a token
 * that expired) reloads itself once for a fresh one, in Chromium against a real server,
 * and does not reload forever when the fresh page is refused too.
 */
import { defineView, html } from '@kinetic/core';
import { type KineticOptions, kinetic } from '@kinetic/transport';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { launchBrowser, newPage } from './support/browser.js';

const Counter = defineView({
  name: 'Counter',
  mount: () => ({ count: 0 }),
  events: {
    inc: (_p, socket) => {
      socket.update('count', (n) => n + 1);
    },
  },
  render: ({ count }) =>
    html`<button id="inc" lv-click="inc">Count <b id="count">${count}</b></button>`,
});

let browser: Browser;
const apps: FastifyInstance[] = [];
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function serve(port: number, options: Partial<KineticOptions>): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(kinetic, {
    secret: 'stale-page-secret-one-Jq7Xv2Lm9Pz4Wk8Rt3Hb6',
    ...options,
  });
  app.live('/', Counter);
  await app.listen({ port, host: '127.0.0.1' });
  apps.push(app);
  return app;
}

it('after a restart with another secret, the page reloads once and is live again', async () => {
  const first = await serve(0, {});
  const { port } = first.server.address() as { port: number };
  const { page } = await newPage(browser);
  let loads = 0;
  page.on('load', () => loads++);
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForSelector('[data-live-view].lv-connected');
  await page.click('#inc');
  await expect.poll(() => page.textContent('#count')).toBe('1');
  await first.close();
  apps.splice(apps.indexOf(first), 1);
  // The same address, another secret: the page's token no longer verifies.
  await serve(port, { secret: 'stale-page-secret-two-Bq3Wv8Kx2Mn5Pz9Rt4Hc7' });
  await expect.poll(() => loads, { timeout: 15_000 }).toBe(2);
  await page.waitForSelector('[data-live-view].lv-connected');
  await page.click('#inc');
  await expect.poll(() => page.textContent('#count')).toBe('1');
  await page.close();
});

it('a page refused again after its reload stays, says why, and does not loop', async () => {
  // Tokens expire as soon as they are signed: every join is refused.
  const app = await serve(0, { tokenTtlMs: -1 });
  const { port } = app.server.address() as { port: number };
  const { page, errors } = await newPage(browser);
  let loads = 0;
  page.on('load', () => loads++);
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForSelector('[data-live-view].lv-error', { timeout: 15_000 });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(loads).toBe(2);
  expect(errors.join('\n')).toContain('refused this page’s token again after a reload');
  await page.close();
});
