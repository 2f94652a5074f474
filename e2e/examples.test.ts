import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp as buildClock } from '../examples/clock/src/app.js';
import { buildApp as buildCounter } from '../examples/counter/src/app.js';
import { buildApp as buildMembers } from '../examples/members/src/app.js';
import { buildApp as buildSearch } from '../examples/search/src/app.js';
import { buildApp as buildThermostat } from '../examples/thermostat/src/app.js';
import { buildFixtureApp } from './fixtures/app.js';
import { launchBrowser } from './support/browser.js';
import { listen } from './support/server.js';

let browser: Browser;
const apps: FastifyInstance[] = [];
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(apps.map((app) => app.close()));
});
afterEach(async () => {
  await page?.close();
});

async function start(build: () => Promise<FastifyInstance>): Promise<string> {
  const app = await build();
  apps.push(app);
  return listen(app);
}

type TransportName = 'websocket' | 'sse' | 'longpoll';
/** The suite runs once per transport; the client is told which one to use. */
let transport: TransportName = 'websocket';

/** A new page that speaks over the transport of the current run. */
async function newPage(): Promise<Page> {
  page = await browser.newPage();
  await page.addInitScript((name) => {
    (window as unknown as { KineticTransport: string }).KineticTransport = name;
  }, transport);
  return page;
}

/** Opens a page and waits until its live view has joined. */
async function open(url: string): Promise<Page> {
  await newPage();
  await page.goto(url);
  await page.waitForSelector('[data-live-view].lv-connected');
  expect(
    await page.evaluate(
      () =>
        (window as unknown as { Kinetic: { socket: { transport: string } } }).Kinetic.socket
          .transport,
    ),
  ).toBe(transport);
  return page;
}

/** Every frame the page sends, over the WebSocket or in POST bodies. */
function sentFrames(p: Page): unknown[][] {
  const frames: unknown[][] = [];
  p.on('websocket', (ws) => {
    ws.on('framesent', (frame) => {
      if (typeof frame.payload === 'string') frames.push(JSON.parse(frame.payload));
    });
  });
  p.on('request', (request) => {
    if (request.method() !== 'POST' || !/\/_kinetic\/live\/(sse|poll)/.test(request.url())) return;
    const message = JSON.parse(request.postData() ?? 'null');
    if (Array.isArray(message?.[0])) frames.push(...message);
    else if (Array.isArray(message)) frames.push(message);
  });
  return frames;
}

describe.each<TransportName>(['websocket', 'sse', 'longpoll'])('over %s', (name) => {
  beforeAll(() => {
    transport = name;
  });

  describe('counter', () => {
    it('ten rapid clicks show 10', async () => {
      const base = await start(() => buildCounter());
      await open(base);
      const plus = page.locator('button[lv-click="inc"]');
      for (let i = 0; i < 10; i++) await plus.click({ delay: 0 });
      await expect.poll(() => page.textContent('#count')).toBe('10');
      expect(await page.title()).toBe('Counter: 10');
      await page.click('button[lv-click="reset"]');
      await expect.poll(() => page.textContent('#count')).toBe('0');
      expect(await page.locator('button[lv-click="reset"]').isDisabled()).toBe(true);
    });
  });

  describe('thermostat', () => {
    it('lv-value-*, window keys, lv-key and a live component all reach the server', async () => {
      const base = await start(() => buildThermostat());
      await open(base);
      await page.click('button[aria-label="warmer"]');
      await page.click('button[aria-label="warmer"]');
      await expect.poll(() => page.textContent('#temperature')).toBe('23');
      await page.click('h1');
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => page.textContent('#temperature')).toBe('22');
      await page.fill('#setpoint', '27');
      await page.press('#setpoint', 'a');
      expect(await page.textContent('#temperature')).toBe('22');
      await page.press('#setpoint', 'Enter');
      await expect.poll(() => page.textContent('#temperature')).toBe('27');
      await page.click('button[lv-value-mode="cool"]');
      await expect
        .poll(() => page.getAttribute('button[lv-value-mode="cool"]', 'aria-pressed'))
        .toBe('true');
      await expect.poll(() => page.textContent('#mode')).toBe('cool');
    });
  });

  describe('members', () => {
    it('a member signs in and writes notes; someone else’s notebook is refused, live or not', async () => {
      const base = await start(() => buildMembers());
      await newPage();
      await page.goto(`${base}/notes/ann`);
      // The route's guard sent a stranger to sign in, keeping where they were going.
      expect(new URL(page.url()).pathname).toBe('/login');
      await page.fill('#name', 'ann');
      await Promise.all([page.waitForURL(`${base}/notes/ann`), page.click('button[type=submit]')]);
      await page.waitForSelector('[data-live-view].lv-connected');
      await page.fill('#text', 'a note only ann may read');
      await page.click('#add button');
      await expect.poll(() => page.textContent('#count')).toBe('1 note');
      // A live patch to bob's notebook: authorize() refuses it over the live connection, and
      // the browser loads the page, which answers 403.
      const refused = page.waitForResponse((r) => r.url() === `${base}/notes/bob`);
      await page.click('#peek');
      expect((await refused).status()).toBe(403);
      expect(await page.textContent('body')).not.toContain('a note only ann may read');
    });
  });

  describe('clock', () => {
    it('the server pushes a new time every second', async () => {
      const base = await start(() => buildClock());
      await open(base);
      const first = Number(await page.textContent('#ticks'));
      await expect
        .poll(() => page.textContent('#ticks').then(Number), { timeout: 5000 })
        .toBeGreaterThan(first + 1);
      await page.click('button[lv-value-zone="Asia/Tokyo"]');
      await expect
        .poll(() => page.getAttribute('button[lv-value-zone="Asia/Tokyo"]', 'aria-pressed'))
        .toBe('true');
    });
  });

  describe('live search', () => {
    it('typing while the clock ticks keeps every character and the caret', async () => {
      const base = await start(() => buildSearch());
      await open(base);
      const clockBefore = await page.textContent('#clock');
      await page.click('#q');
      await page.keyboard.type('typescript is great', { delay: 60 });
      expect(await page.inputValue('#q')).toBe('typescript is great');
      // Move the caret into the middle and keep typing while updates arrive.
      for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowLeft');
      await page.waitForTimeout(1200);
      await page.keyboard.type('XY', { delay: 50 });
      expect(await page.inputValue('#q')).toBe('typescript XYis great');
      const caret = await page.$eval('#q', (el) => (el as HTMLInputElement).selectionStart);
      expect(caret).toBe('typescript XY'.length);
      expect(await page.textContent('#clock')).not.toBe(clockBefore);
    });

    it('debounce sends one event for a burst, and the results follow', async () => {
      const base = await start(() => buildSearch());
      await newPage();
      const frames = sentFrames(page);
      await page.goto(base);
      await page.waitForSelector('[data-live-view].lv-connected');
      await page.click('#q');
      await page.keyboard.type('script', { delay: 30 });
      await expect.poll(() => page.textContent('#count')).toBe('2 of 51 languages');
      await page.waitForTimeout(500);
      const searches = frames.filter((f) => f[0] === 'e' && f[3] === 'search');
      expect(searches).toHaveLength(1);
      expect(searches[0]?.[4]).toMatchObject({ q: 'script' });
      expect(new URL(page.url()).search).toBe('?q=script');
    });

    it('back and forward after lv-patch restore the results', async () => {
      const base = await start(() => buildSearch());
      await open(base);
      await page.click('a[href="/?q=lisp"]');
      await expect.poll(() => page.textContent('#count')).toBe('1 of 51 languages');
      await page.click('a[href="/?q=script"]');
      await expect.poll(() => page.textContent('#count')).toBe('2 of 51 languages');
      await page.goBack();
      await expect.poll(() => page.textContent('#count')).toBe('1 of 51 languages');
      expect(new URL(page.url()).search).toBe('?q=lisp');
      await page.goBack();
      await expect.poll(() => page.textContent('#count')).toBe('51 of 51 languages');
      await page.goForward();
      await expect.poll(() => page.textContent('#count')).toBe('1 of 51 languages');
      expect(await page.inputValue('#q')).toBe('lisp');
    });
  });

  describe('behaviour', () => {
    it('the loading class appears while an event is in flight and clears on the reply', async () => {
      const base = await start(buildFixtureApp);
      await open(`${base}/slow`);
      await page.click('#work');
      await expect.poll(() => page.getAttribute('#work', 'class')).toContain('lv-click-loading');
      await expect.poll(() => page.textContent('#done')).toBe('1');
      expect((await page.getAttribute('#work', 'class')) ?? '').not.toContain('lv-click-loading');
    });

    it('a nested live view joins over the same connection and keeps its content across parent updates', async () => {
      const base = await start(buildFixtureApp);
      await open(`${base}/dashboard`);
      await page.waitForSelector('#inbox.lv-connected');
      await page.click('#read');
      await expect.poll(() => page.textContent('#unread')).toBe('0');
      await page.click('#visit');
      await expect.poll(() => page.textContent('#visits')).toBe('1');
      expect(await page.textContent('#unread')).toBe('0');
      expect(await page.locator('#read').count()).toBe(1);
    });

    it('a handler that throws shows lv-error, and the next event still works', async () => {
      const base = await start(buildFixtureApp);
      await open(`${base}/faulty`);
      await page.click('#boom');
      await page.waitForSelector('[data-live-view].lv-error');
      await page.click('#inc');
      await expect.poll(() => page.textContent('#count')).toBe('1');
      await page.waitForSelector('[data-live-view]:not(.lv-error)');
    });
  });
});

describe('security', () => {
  it('a WebSocket join from another origin is refused', async () => {
    transport = 'websocket';
    const base = await start(buildFixtureApp);
    const other = await start(buildFixtureApp);
    await open(`${other}/faulty`);
    const outcome = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        }),
      `${base.replace('http', 'ws')}/_kinetic/live/websocket?vsn=1`,
    );
    expect(outcome).toBe('refused');
  });
});
