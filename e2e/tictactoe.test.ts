/**
 * The tic-tac-toe example in two Chromium browsers behind a proxy that adds 300 ms of round
 * trip: a move shows in the mover's page in the click's own task, reaches the other page
 * over pubsub, and a second click sent before the first reply (out of turn by then) is
 * refused by the server and undone in the page with the reply.
 */
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../examples/tictactoe/src/app.js';
import { launchBrowser } from './support/browser.js';
import { startProxy, type TestProxy } from './support/proxy.js';
import { listen } from './support/server.js';

let browser: Browser;
let app: FastifyInstance;
let proxy: TestProxy;

beforeAll(async () => {
  browser = await launchBrowser();
  app = await buildApp({}, { graceMs: 300 });
  app.get('/favicon.ico', (_q, r) => r.code(204).send());
  proxy = await startProxy(await listen(app));
});
afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await app?.close();
});

async function player(game: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${proxy.url}/games/${game}`);
  await page.waitForSelector('[data-live-view].lv-connected');
  return page;
}

/** Clicks a cell in the page's own task and returns what the cell shows right after. */
const play = (page: Page, cell: number) =>
  page.evaluate((id) => {
    const button = document.querySelector(`#cell-${id}`) as HTMLButtonElement;
    button.click();
    return button.textContent;
  }, cell);

const cell = (page: Page, i: number) => page.textContent(`#cell-${i}`);

it('moves show at once, cross to the other browser, and a refused one is undone', async () => {
  const x = await player('e2e');
  await expect.poll(() => x.textContent('#me')).toBe('You play X.');
  const o = await player('e2e');
  await expect.poll(() => o.textContent('#me')).toBe('You play O.');
  proxy.latencyMs = 150;

  expect(await play(x, 4)).toBe('X');
  // Sent before the first move's reply: the page still offered the cell, the server refuses.
  expect(await play(x, 0)).toBe('X');
  await expect.poll(() => x.textContent('#notice')).toBe("Not played: it is O's turn.");
  expect((await cell(x, 0))?.trim()).toBe('');
  expect(await cell(x, 4)).toBe('X');
  await expect.poll(() => cell(o, 4)).toBe('X');
  await expect.poll(() => o.textContent('#status')).toBe('Your turn (O).');

  expect(await play(o, 0)).toBe('O');
  await expect.poll(() => cell(x, 0)).toBe('O');
  await expect.poll(() => x.textContent('#status')).toBe('Your turn (X).');
  for (const [page, i] of [
    [x, 3],
    [o, 1],
    [x, 5],
  ] as const) {
    const other = page === x ? o : x;
    await expect
      .poll(() =>
        page.evaluate(() => !document.querySelector('#status')?.textContent?.startsWith('Waiting')),
      )
      .toBe(true);
    await play(page, i);
    await expect.poll(() => cell(other, i)).toBe(page === x ? 'X' : 'O');
  }
  await expect.poll(() => x.textContent('#status')).toBe('X won: well played!');
  await expect.poll(() => o.textContent('#status')).toBe('X won.');
  expect(await x.title()).toBe('X won');

  await o.click('#restart');
  await expect.poll(() => x.textContent('#status')).toBe('Your turn (X).');
  for (let i = 0; i < 9; i++) expect((await cell(x, i))?.trim()).toBe('');
  await x.context().close();
  await o.context().close();
});
