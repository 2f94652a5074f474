/**
 * A plugin's hooks in Chromium against a real server: a beforeEvent that refuses an event
 * reaches the browser as KN_ERR_REFUSED and the view's state is unchanged, over each
 * transport; the page's other events still work; a plugin scoped to a Fastify context
 * never sees another context's view.
 */
import { definePlugin, defineView, html } from '@kinetic/core';
import { kinetic } from '@kinetic/transport';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage } from './support/browser.js';

const Board = defineView({
  name: 'Board',
  mount: () => ({ cards: 3, views: 0 }),
  events: {
    remove: (_p, socket) => void socket.update('cards', (n: number) => n - 1),
    look: (_p, socket) => void socket.update('views', (n: number) => n + 1),
  },
  render: ({ cards, views }) => html`<p id="cards">${cards}</p><p id="views">${views}</p>
    <button id="remove" lv-click="remove">Remove a card</button>
    <button id="look" lv-click="look">Look</button>`,
});

const Admin = defineView({
  name: 'Admin',
  mount: () => ({ n: 0 }),
  events: { bump: (_p, socket) => void socket.update('n', (n: number) => n + 1) },
  render: ({ n }) => html`<p id="n">${n}</p><button id="bump" lv-click="bump">Bump</button>`,
});

/** Only the board's owner removes cards. */
const ownerRemoves = definePlugin('owner-removes', (app) => {
  app.addHook('beforeEvent', async (ctx) => {
    if (ctx.event === 'remove' && ctx.data.role !== 'owner')
      ctx.refuse('only the owner removes cards');
  });
});

const adminEvents: string[] = [];

let browser: Browser;
let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  browser = await launchBrowser();
  app = Fastify();
  app.get('/favicon.ico', (_q, r) => r.code(204).send());
  await app.register(kinetic, {
    secret: 'plugins-e2e-secret-Hq8Zt3Lw5Pn1Vx7Kc2Bm9Ry4',
    plugins: [ownerRemoves],
    session: (request) => ({
      role: request.headers.cookie?.includes('role=owner') ? 'owner' : 'guest',
    }),
  });
  app.live('/board', Board);
  app.register(async (admin) => {
    await admin.useKinetic(
      definePlugin('admin-trail', (scope) => {
        scope.addHook('afterEvent', (ctx) => void adminEvents.push(`${ctx.view}:${ctx.event}`));
      }),
    );
    admin.live('/admin', Admin);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe.each(['websocket', 'sse', 'longpoll'])('over %s', (transport) => {
  it('a refused event reaches the browser as KN_ERR_REFUSED and changes nothing', async () => {
    const { page, errors } = await newPage(browser);
    await page.addInitScript((t) => {
      (window as { KineticTransport?: string }).KineticTransport = t;
    }, transport);
    await page.goto(`${base}/board`);
    await page.waitForSelector('[data-live-view].lv-connected');
    await page.click('#remove');
    await expect.poll(() => errors.some((e) => e.includes('KN_ERR_REFUSED'))).toBe(true);
    expect(errors.find((e) => e.includes('KN_ERR_REFUSED'))).toContain(
      'only the owner removes cards',
    );
    await page.waitForSelector('[data-live-view].lv-error');
    expect(await page.textContent('#cards')).toBe('3');
    // The page goes on: an event the plugin lets through is handled.
    await page.click('#look');
    await expect.poll(() => page.textContent('#views')).toBe('1');
    expect(await page.textContent('#cards')).toBe('3');
    await page.close();
  });
});

it("the board's owner removes a card", async () => {
  const { page } = await newPage(browser);
  await page.context().addCookies([{ name: 'role', value: 'owner', url: base }]);
  await page.goto(`${base}/board`);
  await page.waitForSelector('[data-live-view].lv-connected');
  await page.click('#remove');
  await expect.poll(() => page.textContent('#cards')).toBe('2');
  await page.close();
});

it("a plugin used in a Fastify context sees that context's views only", async () => {
  const { page } = await newPage(browser);
  await page.goto(`${base}/admin`);
  await page.waitForSelector('[data-live-view].lv-connected');
  await page.click('#bump');
  await expect.poll(() => page.textContent('#n')).toBe('1');
  await page.goto(`${base}/board`);
  await page.waitForSelector('[data-live-view].lv-connected');
  await page.click('#look');
  await expect.poll(() => page.textContent('#views')).toBe('1');
  expect(adminEvents).toEqual(['Admin:bump']);
  await page.close();
});
