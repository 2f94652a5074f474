import { readdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp as buildChat } from '../examples/chat/src/app.js';
import { buildApp as buildClock } from '../examples/clock/src/app.js';
import { buildApp as buildCounter } from '../examples/counter/src/app.js';
import { buildApp as buildMembers } from '../examples/members/src/app.js';
import { buildApp as buildSearch } from '../examples/search/src/app.js';
import { buildApp as buildThermostat } from '../examples/thermostat/src/app.js';
import { buildApp as buildTicTacToe } from '../examples/tictactoe/src/app.js';
import { buildApp as buildTodo } from '../examples/todo/src/app.js';
import { launchBrowser, newPage } from './support/browser.js';
import { listen } from './support/server.js';

type TransportName = 'websocket' | 'sse' | 'longpoll';

/** Each example, and what a user does with it; each step's outcome shows the server answered. */
const examples: Record<
  string,
  {
    build: () => Promise<FastifyInstance>;
    /** What happens before the live page opens (signing in); the URL to open. */
    enter?: (page: Page, base: string) => Promise<string>;
    use: (page: Page) => Promise<void>;
  }
> = {
  counter: {
    build: () => buildCounter(),
    use: async (page) => {
      for (let i = 0; i < 3; i++) await page.click('button[lv-click="inc"]');
      await expect.poll(() => page.textContent('#count')).toBe('3');
      await page.click('button[lv-click="reset"]');
      await expect.poll(() => page.textContent('#count')).toBe('0');
    },
  },
  thermostat: {
    build: () => buildThermostat(),
    use: async (page) => {
      const width = () => page.$eval('.gauge > span', (el) => (el as HTMLElement).style.width);
      expect(await width()).toBe('55%');
      await page.click('button[aria-label="warmer"]');
      await page.click('button[aria-label="warmer"]');
      await expect.poll(() => page.textContent('#temperature')).toBe('23');
      // The patched style="" attribute applied: style-src-attr lets it through.
      expect(await width()).toBe('65%');
      await page.click('h1');
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => page.textContent('#temperature')).toBe('22');
      await page.fill('#setpoint', '27');
      await page.press('#setpoint', 'Enter');
      await expect.poll(() => page.textContent('#temperature')).toBe('27');
      await page.click('button[lv-value-mode="cool"]');
      await expect.poll(() => page.textContent('#mode')).toBe('cool');
    },
  },
  chat: {
    build: () => buildChat(),
    enter: async (_page, base) => `${base}/rooms/csp`,
    use: async (page) => {
      await page.fill('#enter input[name=name]', 'Ann');
      await page.click('#enter button');
      await page.fill('#say input', 'no violations here');
      await page.press('#say input', 'Enter');
      await expect.poll(() => page.textContent('#messages li .text')).toBe('no violations here');
      await expect.poll(() => page.textContent('#online')).toBe('Ann');
    },
  },
  todo: {
    build: () => buildTodo(),
    use: async (page) => {
      await page.fill('#new input[name=title]', 'ab');
      await expect
        .poll(() => page.textContent('#new-title-error'))
        .toBe('Give it at least 3 characters');
      await page.fill('#new input[name=title]', 'Water the plants');
      await page.click('#new button[type=submit]');
      await expect.poll(() => page.textContent('#flash')).toBe('Added “Water the plants”');
    },
  },
  tictactoe: {
    build: () => buildTicTacToe(),
    use: async (page) => {
      await expect.poll(() => page.textContent('#me')).toBe('You play X.');
      // Optimistic commands: the mark is drawn, and a class set, before the reply.
      await page.click('#cell-4');
      await expect.poll(() => page.textContent('#cell-4')).toBe('X');
      await expect.poll(() => page.textContent('#status')).toBe('Waiting for O to join…');
    },
  },
  clock: {
    build: () => buildClock(),
    use: async (page) => {
      const first = Number(await page.textContent('#ticks'));
      await expect
        .poll(() => page.textContent('#ticks').then(Number), { timeout: 5000 })
        .toBeGreaterThan(first);
      await page.click('button[lv-value-zone="Asia/Tokyo"]');
      await expect
        .poll(() => page.getAttribute('button[lv-value-zone="Asia/Tokyo"]', 'aria-pressed'))
        .toBe('true');
    },
  },
  members: {
    build: () => buildMembers(),
    enter: async (page, base) => {
      await page.goto(`${base}/login`);
      await page.fill('#name', 'ann');
      await Promise.all([page.waitForURL(`${base}/notes/ann`), page.click('button[type=submit]')]);
      return `${base}/notes/ann`;
    },
    use: async (page) => {
      await page.fill('#text', 'buy milk');
      await page.click('#add button');
      await expect.poll(() => page.textContent('#count')).toBe('1 note');
    },
  },
  search: {
    build: () => buildSearch(),
    use: async (page) => {
      await page.click('#q');
      await page.keyboard.type('script', { delay: 30 });
      await expect.poll(() => page.textContent('#count')).toBe('2 of 51 languages');
      await page.click('a[href="/?q=lisp"]');
      await expect.poll(() => page.textContent('#count')).toBe('1 of 51 languages');
    },
  },
};

let browser: Browser;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(apps.map((app) => app.close()));
});

async function start(build: () => Promise<FastifyInstance>): Promise<string> {
  const app = await build();
  apps.push(app);
  return listen(app);
}

/** A page over `transport` that records CSP violations, as events and as console messages. */
async function watchedPage(transport: TransportName) {
  const { page, errors } = await newPage(browser);
  // Init scripts run through the DevTools protocol, outside the page's CSP.
  await page.addInitScript((name) => {
    const w = window as unknown as { KineticTransport: string; cspViolations: string[] };
    w.KineticTransport = name;
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      w.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  }, transport);
  const violations = async () => [
    ...(await page.evaluate(
      () => (window as unknown as { cspViolations: string[] }).cspViolations,
    )),
    ...errors.filter((message) => /Content Security Policy/i.test(message)),
  ];
  return { page, violations };
}

it('every example in examples/ is covered here', () => {
  const folders = readdirSync(new URL('../examples/', import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  expect(Object.keys(examples).sort()).toEqual(folders.sort());
});

describe.each<TransportName>(['websocket', 'sse', 'longpoll'])('over %s', (transport) => {
  it.each(Object.keys(examples))('%s works with zero CSP violations', async (name) => {
    const example = examples[name];
    if (example === undefined) throw new Error(`no example ${name}`);
    const base = await start(example.build);
    const { page, violations } = await watchedPage(transport);
    try {
      const response = await page.goto((await example.enter?.(page, base)) ?? base);
      if (response === null) throw new Error('no response');
      const policy = response.headers()['content-security-policy'] ?? '';
      const nonce = /script-src [^;]*'nonce-([^']+)'/.exec(policy)?.[1];
      expect(nonce).toBeDefined();
      expect(policy).toContain(`style-src 'self' 'nonce-${nonce}'`);
      // The nonce on the elements as the browser parsed them (getAttribute hides it).
      const nonces = await page.$$eval('script, style', (els) =>
        els.map((el) => (el as HTMLElement).nonce),
      );
      expect(nonces.length).toBeGreaterThanOrEqual(2);
      expect(new Set(nonces)).toEqual(new Set([nonce]));

      await page.waitForSelector('[data-live-view].lv-connected');
      const used = await page.evaluate(
        () =>
          (window as unknown as { Kinetic: { socket: { transport: string } } }).Kinetic.socket
            .transport,
      );
      expect(used).toBe(transport);
      await example.use(page);
      expect(await violations()).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

it('a style without the nonce is blocked and seen by this test', async () => {
  const base = await start(() => buildCounter());
  const { page, violations } = await watchedPage('websocket');
  try {
    await page.goto(base);
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { display: none }';
      document.head.append(style);
    });
    await expect
      .poll(violations)
      .toEqual(expect.arrayContaining([expect.stringMatching(/^style-src/)]));
    expect(await page.isVisible('body')).toBe(true);
  } finally {
    await page.close();
  }
});
