/**
 * A flash put before a navigate shows on the view it navigates to ("Post created" on the
 * post's page), once, in Chromium against a real server: and a redirect elsewhere later
 * does not show it again.
 */
import { defineView, html } from '@kinetic/core';
import { kinetic } from '@kinetic/transport';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, newPage } from './support/browser.js';

const Form = defineView({
  name: 'Form',
  mount: () => ({}),
  events: {
    save: (_p, socket) => {
      socket.putFlash('info', 'Post created');
      socket.navigate('/posts/1');
    },
    // Navigate first, flash after: the same outcome.
    later: (_p, socket) => {
      socket.navigate('/posts/2');
      socket.putFlash('info', 'Post updated');
    },
    plain: (_p, socket) => {
      socket.navigate('/posts/3');
    },
  },
  render: () => html`<button id="save" lv-click="save">Save</button>
    <button id="later" lv-click="later">Update</button>
    <button id="plain" lv-click="plain">Open</button>`,
});

const Show = defineView({
  name: 'Show',
  mount: (params) => ({ id: String(params.id) }),
  events: {
    back: (_p, socket) => socket.navigate('/'),
  },
  render: ({ id, flash }) =>
    html`${
      flash.info === undefined ? '' : html`<p id="flash" class="flash">${flash.info}</p>`
    }<h1 id="title">Post ${id}</h1><button id="back" lv-click="back">Back</button>`,
});

let browser: Browser;
let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  browser = await launchBrowser();
  app = Fastify();
  await app.register(kinetic, { secret: 'flash-e2e-secret-Jq7Xv2Lm9Pz4Wk8Rt3Hb6Ny1' });
  app.live('/', Form).live('/posts/:id', Show);
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

it('shows the flash on the page a navigate goes to, whichever came first', async () => {
  const { page } = await newPage(browser);
  await page.goto(`${base}/`);
  await page.waitForSelector('[data-live-view].lv-connected');
  await page.click('#save');
  await page.waitForSelector('#title:has-text("Post 1")');
  await expect.poll(() => page.textContent('#flash')).toBe('Post created');

  await page.click('#back');
  await page.waitForSelector('#later');
  await page.waitForSelector('[data-live-view].lv-connected');
  await page.click('#later');
  await page.waitForSelector('#title:has-text("Post 2")');
  await expect.poll(() => page.textContent('#flash')).toBe('Post updated');
});

it('shows nothing when no flash was put, and a flash only once', async () => {
  const { page } = await newPage(browser);
  await page.goto(`${base}/`);
  await page.waitForSelector('[data-live-view].lv-connected');
  await page.click('#plain');
  await page.waitForSelector('#title:has-text("Post 3")');
  await page.waitForSelector('[data-live-view].lv-connected');
  expect(await page.$('#flash')).toBeNull();

  await page.click('#back');
  await page.waitForSelector('#save');
  await page.waitForSelector('[data-live-view].lv-connected');
  await page.click('#save');
  await page.waitForSelector('#flash');
  // A reload is a new page: the flash was shown once and is gone.
  await page.reload();
  await page.waitForSelector('[data-live-view].lv-connected');
  expect(await page.$('#flash')).toBeNull();
});
