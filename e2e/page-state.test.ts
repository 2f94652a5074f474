/**
 * What belongs to the page rather than to one part of it, in Chromium against a real
 * server: the title is the outer view's (a nested view's title never replaces it), and a
 * live component's flash is its view's, rendered where the view renders flash.
 */
import { defineComponent, defineView, html, live, liveRender } from '@kinetic/core';
import { kinetic } from '@kinetic/transport';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, newPage } from './support/browser.js';

const Inbox = defineView({
  name: 'Inbox',
  mount: () => ({ unread: 3 }),
  events: {
    read: (_p, socket) => {
      socket.update('unread', (n) => n - 1);
    },
  },
  title: ({ unread }) => `Inbox (${unread})`,
  render: ({ unread }) =>
    html`<button id="read" lv-click="read">Read one</button> <span id="unread">${unread}</span>`,
});

const Saver = defineComponent({
  name: 'Saver',
  mount: () => ({ saves: 0 }),
  events: {
    save: (_p, socket) => {
      socket.update('saves', (n: number) => n + 1);
      socket.putFlash('info', 'Saved from the component');
    },
  },
  render: ({ myself, saves }) =>
    html`<button id="save" lv-click="save" lv-target="${myself}">Save</button> <i id="saves">${saves}</i>`,
});

const Dashboard = defineView({
  name: 'Dashboard',
  mount: () => ({ visits: 0 }),
  events: {
    visit: (_p, socket) => {
      socket.update('visits', (n) => n + 1);
    },
  },
  title: ({ visits }) => `Dashboard (${visits})`,
  render: ({ visits, flash }) => html`${
    flash.info === undefined ? '' : html`<p id="flash">${flash.info}</p>`
  }<button id="visit" lv-click="visit">Visit</button> <span id="visits">${visits}</span>
    ${live(Saver, { id: 'saver' })}
    <aside>${liveRender(Inbox, { id: 'inbox' })}</aside>`,
});

let browser: Browser;
let app: FastifyInstance;
let page: Page;
beforeAll(async () => {
  browser = await launchBrowser();
  app = Fastify();
  await app.register(kinetic, { secret: 'page-state-e2e-secret-Jq7Xv2Lm9Pz4Wk8Rt3Hb6' });
  app.live('/', Dashboard);
  await app.listen({ port: 0, host: '127.0.0.1' });
  page = (await newPage(browser)).page;
  await page.goto(`http://127.0.0.1:${(app.server.address() as { port: number }).port}/`);
  await page.waitForSelector('aside [data-live-view].lv-connected');
  await page.waitForSelector('[data-live-view="Dashboard"].lv-connected');
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

it('keeps the outer view’s title through the nested view’s join and changes', async () => {
  expect(await page.title()).toBe('Dashboard (0)');
  await page.click('#read');
  await expect.poll(() => page.textContent('#unread')).toBe('2');
  expect(await page.title()).toBe('Dashboard (0)');
  await page.click('#visit');
  await expect.poll(() => page.title()).toBe('Dashboard (1)');
});

it('shows a live component’s flash where its view renders flash', async () => {
  await page.click('#save');
  await expect.poll(() => page.textContent('#saves')).toBe('1');
  await expect.poll(() => page.textContent('#flash')).toBe('Saved from the component');
});
