/**
 * The chat example in Chromium: two browsers in one room see each other arrive, talk, see
 * each other type; a newcomer gets the last messages; a closed tab leaves everyone's list
 * once its session ends (graceMs).
 */
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../examples/chat/src/app.js';
import { launchBrowser } from './support/browser.js';
import { listen } from './support/server.js';

let browser: Browser;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  browser = await launchBrowser();
  app = await buildApp({}, { graceMs: 300 });
  app.get('/favicon.ico', (_q, r) => r.code(204).send());
  base = await listen(app);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** A new browser (its own cookies, so its own session) in `room`, signed in as `name`. */
async function enter(name: string, room: string, transport: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript((t) => {
    (window as { KineticTransport?: string }).KineticTransport = t;
  }, transport);
  await page.goto(`${base}/rooms/${room}`);
  await page.waitForSelector('[data-live-view].lv-connected');
  await page.fill('#enter input[name=name]', name);
  await page.click('#enter button');
  await page.waitForSelector('#say input');
  return page;
}

const online = (page: Page) =>
  page.$$eval('#online li', (items) => items.map((li) => li.textContent));
const messages = (page: Page) =>
  page.$$eval('#messages li .text', (items) => items.map((span) => span.textContent));

describe.each(['websocket', 'sse', 'longpoll'])('over %s', (transport) => {
  it('two browsers in a room: arrivals, messages, typing, a newcomer, a departure', async () => {
    // A room of its own per transport: the history starts empty.
    const room = `e2e-${transport}`;
    const ann = await enter('Ann', room, transport);
    const ben = await enter('Ben', room, transport);
    await expect.poll(() => online(ann)).toEqual(['Ann', 'Ben']);
    await expect.poll(() => online(ben)).toEqual(['Ann', 'Ben']);

    await ben.fill('#say input', 'hello, Ann');
    await ben.press('#say input', 'Enter');
    await expect.poll(() => messages(ann)).toEqual(['hello, Ann']);
    await expect.poll(() => messages(ben)).toEqual(['hello, Ann']);
    // The box empties after sending, as a page form would.
    await expect.poll(() => ben.inputValue('#say input')).toBe('');

    await ann.type('#say input', 'hi');
    await expect.poll(() => ben.textContent('#typing')).toBe('Ann is typing…');
    await ann.press('#say input', 'Enter');
    await expect.poll(() => ben.textContent('#typing')).toBe('');
    await expect.poll(() => messages(ben)).toEqual(['hello, Ann', 'hi']);

    const cy = await enter('Cy', room, transport);
    expect(await messages(cy)).toEqual(['hello, Ann', 'hi']);
    await expect.poll(() => online(ann)).toEqual(['Ann', 'Ben', 'Cy']);

    await ben.context().close();
    await expect.poll(() => online(ann), { timeout: 5000 }).toEqual(['Ann', 'Cy']);
    await ann.context().close();
    await cy.context().close();
  });
});
