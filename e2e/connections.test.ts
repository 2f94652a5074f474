/**
 * Resilient connections, in Chromium, against the real example apps: the transport
 * fallbacks behind proxies that block WebSockets or buffer event streams, resuming a session
 * without a lost or doubled update after the network drops, and form recovery when the
 * server restarts and the views mount again.
 */
import { defineView, html } from '@kinetic/core';
import { kinetic } from '@kinetic/transport';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp as buildClock } from '../examples/clock/src/app.js';
import { buildApp as buildCounter } from '../examples/counter/src/app.js';
import { buildApp as buildSearch } from '../examples/search/src/app.js';
import { launchBrowser, newPage } from './support/browser.js';
import { type ProxyMode, startProxy, type TestProxy } from './support/proxy.js';
import { listen } from './support/server.js';

type TransportName = 'websocket' | 'sse' | 'longpoll';
const TRANSPORTS: TransportName[] = ['websocket', 'sse', 'longpoll'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Forms for recovery: one recovers with lv-change, one with its own event, one opts out. */
const Drafts = defineView({
  name: 'Drafts',
  mount: () => ({ title: '', note: '', secret: '' }),
  events: {
    title: (payload, socket) => {
      socket.assign({ title: String(payload.title ?? '') });
    },
    note: (payload, socket) => {
      socket.assign({ note: `typed ${String(payload.note ?? '')}` });
    },
    recoverNote: (payload, socket) => {
      socket.assign({ note: `recovered ${String(payload.note ?? '')}` });
    },
    secret: (payload, socket) => {
      socket.assign({ secret: String(payload.secret ?? '') });
    },
  },
  render: ({ title, note, secret }) => html`<main>
    <form id="title-form" lv-change="title"><input id="title" name="title"></form>
    <form id="note-form" lv-change="note" lv-auto-recover="recoverNote"><input id="note" name="note"></form>
    <form id="secret-form" lv-change="secret" lv-auto-recover="ignore"><input id="secret" name="secret"></form>
    <p>Server has: <span id="title-echo">${title}</span> / <span id="note-echo">${note}</span> / <span id="secret-echo">${secret}</span></p>
    <a id="away" href="/elsewhere">elsewhere</a>
  </main>`,
});

async function buildDrafts(): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(kinetic, { secret: 'e2e-connections-secret-0123456789-0123456789' });
  app.live('/', Drafts);
  app.get('/elsewhere', (_request, reply) =>
    reply.type('text/html').send('<p id="elsewhere">x</p>'),
  );
  return app;
}

let browser: Browser;
let page: Page;
let errors: string[];
const apps = new Set<FastifyInstance>();
const proxies: TestProxy[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([...apps].map((app) => app.close()));
});
afterEach(async () => {
  await page?.close();
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

async function start(build: () => Promise<FastifyInstance>): Promise<string> {
  const app = await build();
  apps.add(app);
  return listen(app);
}

async function through(base: string, mode: ProxyMode): Promise<TestProxy> {
  const proxy = await startProxy(base, mode);
  proxies.push(proxy);
  return proxy;
}

/** Opens `url` (forcing a transport, if given) and waits until its view has joined. */
async function open(url: string, transport?: TransportName): Promise<Page> {
  ({ page, errors } = await newPage(browser));
  if (transport) {
    await page.addInitScript((name) => {
      (window as unknown as { KineticTransport: string }).KineticTransport = name;
    }, transport);
  }
  await page.goto(url);
  await page.waitForSelector('[data-live-view].lv-connected', { timeout: 15_000 });
  return page;
}

const transportOf = (p: Page) =>
  p.evaluate(
    () =>
      (window as unknown as { Kinetic?: { socket?: { transport?: string } } }).Kinetic?.socket
        ?.transport,
  );

/** Errors our code reported: the browser's own logs of a refused WebSocket are expected. */
const ourErrors = () => errors.filter((e) => e.includes('KN_ERR'));

async function clickPlus(times: number, expected: string): Promise<void> {
  for (let i = 0; i < times; i++) await page.click('button[aria-label="inc"]');
  await expect.poll(() => page.textContent('#count')).toBe(expected);
}

describe('transport fallback', () => {
  it('behind a proxy that refuses WebSocket upgrades, the counter works over SSE', async () => {
    const proxy = await through(await start(() => buildCounter()), 'no-websocket');
    await open(proxy.url);
    expect(await transportOf(page)).toBe('sse');
    await clickPlus(3, '3');
    expect(await page.title()).toBe('Counter: 3');
    expect(proxy.requests).toContain('UPGRADE /_kinetic/live/websocket');
    expect(proxy.requests.filter((r) => r === 'POST /_kinetic/live/sse').length).toBeGreaterThan(0);
    expect(ourErrors()).toEqual([]);
  });

  it('behind a proxy that also buffers event streams, the counter works over long-polling', async () => {
    const proxy = await through(await start(() => buildCounter()), 'no-streaming');
    await open(proxy.url);
    expect(await transportOf(page)).toBe('longpoll');
    await clickPlus(3, '3');
    expect(await page.title()).toBe('Counter: 3');
    expect(proxy.requests).toContain('UPGRADE /_kinetic/live/websocket');
    expect(proxy.requests).toContain('GET /_kinetic/live/sse');
    expect(proxy.requests).toContain('POST /_kinetic/live/poll');
    expect(ourErrors()).toEqual([]);
  });

  for (const name of TRANSPORTS) {
    it(`window.KineticTransport = '${name}' forces ${name}, and the counter works over it`, async () => {
      const proxy = await through(await start(() => buildCounter()), 'pass');
      await open(proxy.url, name);
      expect(await transportOf(page)).toBe(name);
      await clickPlus(4, '4');
      await page.click('button[aria-label="dec"]');
      await expect.poll(() => page.textContent('#count')).toBe('3');
      const tried = proxy.requests.filter((r) => r.includes('/_kinetic/live/'));
      const endpoint = { websocket: 'websocket', sse: 'sse', longpoll: 'poll' }[name];
      expect(tried.every((r) => r.endsWith(`/${endpoint}`))).toBe(true);
      expect(ourErrors()).toEqual([]);
    });
  }
});

/**
 * Records every value #ticks shows. Several updates can land in one task (a replay), so
 * values are rebuilt from the mutation records' old values, not read once per callback.
 */
async function recordTicks(): Promise<void> {
  await page.evaluate(() => {
    const el = document.getElementById('ticks') as HTMLElement;
    const seen = [el.textContent ?? ''];
    (window as unknown as { ticksSeen: string[] }).ticksSeen = seen;
    new MutationObserver((records) => {
      for (const [i, record] of records.entries()) {
        const next = records[i + 1];
        seen.push(
          record.type === 'characterData' && next?.type === 'characterData'
            ? (next.oldValue ?? '')
            : (el.textContent ?? ''),
        );
      }
    }).observe(el, {
      characterData: true,
      characterDataOldValue: true,
      childList: true,
      subtree: true,
    });
  });
}

const ticksSeen = () =>
  page.evaluate(() => (window as unknown as { ticksSeen: string[] }).ticksSeen.map(Number));
const ticks = async () => Number(await page.textContent('#ticks'));

/** Every tick from the first seen to the last, each exactly once, in order. */
function expectEveryTickOnce(seen: number[]): void {
  const first = seen[0] ?? 0;
  expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => first + i));
}

describe('resume without loss', () => {
  for (const name of TRANSPORTS) {
    it(`over ${name}: the network drops for 2 s while the clock pushes; every tick arrives once, state stays`, async () => {
      const proxy = await through(await start(() => buildClock()), 'pass');
      await open(proxy.url, name);
      await page.click('button[lv-value-zone="Asia/Tokyo"]');
      await expect
        .poll(() => page.getAttribute('button[lv-value-zone="Asia/Tokyo"]', 'aria-pressed'))
        .toBe('true');
      await recordTicks();
      await expect.poll(ticks, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
      // Right after a tick, before its ack is due: the server will send it again.
      const before = (await ticks()) + 1;
      await expect.poll(ticks, { timeout: 5000, interval: 10 }).toBe(before);
      // The network goes down: open connections die and new ones are refused for a while.
      proxy.mode = 'offline';
      proxy.killConnections();
      await expect
        .poll(() => page.getAttribute('[data-live-view]', 'class'))
        .toContain('lv-disconnected');
      await sleep(2000);
      proxy.mode = 'pass';
      await page.waitForSelector('[data-live-view].lv-connected', { timeout: 15_000 });
      // The ticks pushed while offline are replayed, then the clock carries on.
      await expect.poll(ticks, { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 4);
      const seen = await ticksSeen();
      expectEveryTickOnce(seen);
      expect(seen[0]).toBeLessThanOrEqual(before);
      // Same view instance: the zone picked before the drop is still the server's state.
      expect(await page.getAttribute('button[lv-value-zone="Asia/Tokyo"]', 'aria-pressed')).toBe(
        'true',
      );
      expect(await transportOf(page)).toBe(name);
      expect(ourErrors()).toEqual([]);
    });
  }

  it('closing the WebSocket from the page resumes the same session: the counter keeps its value', async () => {
    const base = await start(() => buildCounter());
    ({ page, errors } = await newPage(browser));
    // Keeps a handle on each socket the runtime opens, to close it as a network drop would.
    await page.addInitScript(() => {
      const Native = WebSocket;
      const sockets: WebSocket[] = [];
      (window as unknown as { sockets: WebSocket[] }).sockets = sockets;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          sockets.push(this);
        }
      };
    });
    const hellos: unknown[] = [];
    const acks: number[] = [];
    let numbered = 0;
    page.on('websocket', (ws) => {
      ws.on('framereceived', ({ payload }) => {
        const message = JSON.parse(String(payload)) as unknown[];
        if (message[0] === 's') hellos.push(message);
        else numbered += Array.isArray(message[0]) ? message.length : 1;
      });
      ws.on('framesent', ({ payload }) => {
        const frame = JSON.parse(String(payload)) as unknown[];
        if (frame[0] === 'a') acks.push(frame[1] as number);
      });
    });
    await page.goto(base);
    await page.waitForSelector('[data-live-view].lv-connected');
    await clickPlus(3, '3');
    // The frames so far (join, three replies and titles) are acknowledged together, once
    // 500 ms have passed since the first unacknowledged one.
    await expect.poll(() => acks.at(-1), { timeout: 2000 }).toBe(numbered);
    expect(acks.length).toBeLessThan(numbered);
    await page.evaluate(() =>
      (window as unknown as { sockets: WebSocket[] }).sockets.at(-1)?.close(),
    );
    await expect.poll(() => hellos.length, { timeout: 10_000 }).toBe(2);
    await page.waitForSelector('[data-live-view].lv-connected');
    const [first, second] = hellos as [unknown[], unknown[]];
    expect(second[1]).toBe(first[1]);
    expect(second[2]).toBe(1);
    expect(await page.textContent('#count')).toBe('3');
    await clickPlus(1, '4');
    expect(ourErrors()).toEqual([]);
  });
});

describe('reconnect backoff', () => {
  it('a reconnect waiting out its backoff goes at once when the network comes back', async () => {
    const proxy = await through(await start(() => buildCounter()), 'pass');
    ({ page, errors } = await newPage(browser));
    // No jitter: each wait is just under its cap (200 ms, 400 ms, ... up to 5 s).
    await page.addInitScript(() => {
      Math.random = () => 0.99;
    });
    await page.goto(proxy.url);
    await page.waitForSelector('[data-live-view].lv-connected');
    await clickPlus(2, '2');
    proxy.mode = 'offline';
    proxy.killConnections();
    // Attempts at about 0.2, 0.6, 1.4 and 3 s fail; the next waits until about 6.2 s.
    await sleep(4000);
    proxy.mode = 'pass';
    expect(await page.getAttribute('[data-live-view]', 'class')).toContain('lv-disconnected');
    const back = Date.now();
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForSelector('[data-live-view].lv-connected', { timeout: 15_000 });
    expect(Date.now() - back).toBeLessThan(1500);
    expect(await page.textContent('#count')).toBe('2');
    await clickPlus(1, '3');
  });
});

describe('a new session: form recovery', () => {
  it('the server restarts while the search box holds half-typed text: the text stays and the results follow it', async () => {
    let app = await buildSearch();
    apps.add(app);
    const base = await listen(app);
    await open(base);
    await page.click('#q');
    await page.keyboard.type('ru');
    await expect.poll(() => page.textContent('#count')).toBe('2 of 51 languages');
    // One more key, and the server goes away before the debounced change is sent.
    await page.keyboard.type('s');
    await app.close();
    apps.delete(app);
    await page.waitForSelector('[data-live-view].lv-disconnected');
    await page.keyboard.type('t');
    app = await buildSearch();
    apps.add(app);
    await app.listen({ port: Number(new URL(base).port), host: '127.0.0.1' });
    await page.waitForSelector('[data-live-view].lv-connected', { timeout: 15_000 });
    await expect
      .poll(() => page.textContent('#count'), { timeout: 5000 })
      .toBe('1 of 51 languages');
    expect(await page.inputValue('#q')).toBe('rust');
    expect(await page.textContent('#results')).toContain('Rust');
    expect(new URL(page.url()).search).toBe('?q=rust');
    expect(ourErrors()).toEqual([]);
  });

  it('forms recover with lv-change or lv-auto-recover="event"; lv-auto-recover="ignore" opts out', async () => {
    let app = await buildDrafts();
    apps.add(app);
    const base = await listen(app);
    await open(base);
    await page.fill('#title', 'draft title');
    await page.fill('#note', 'a note');
    await page.fill('#secret', 'hunter2');
    await expect.poll(() => page.textContent('#note-echo')).toBe('typed a note');
    await expect.poll(() => page.textContent('#secret-echo')).toBe('hunter2');
    await app.close();
    apps.delete(app);
    await page.waitForSelector('[data-live-view].lv-disconnected');
    app = await buildDrafts();
    apps.add(app);
    await app.listen({ port: Number(new URL(base).port), host: '127.0.0.1' });
    await page.waitForSelector('[data-live-view].lv-connected', { timeout: 15_000 });
    // "recovered": the view mounted afresh and got the note back through its own event.
    await expect.poll(() => page.textContent('#note-echo')).toBe('recovered a note');
    await expect.poll(() => page.textContent('#title-echo')).toBe('draft title');
    await sleep(300);
    expect(await page.textContent('#secret-echo')).toBe('');
    expect(await page.inputValue('#title')).toBe('draft title');
    expect(ourErrors()).toEqual([]);
  });

  it('fields the browser restores on back navigation reach the server (initial sync)', async () => {
    const base = await start(buildDrafts);
    await open(base);
    await page.fill('#title', 'kept by the browser');
    await expect.poll(() => page.textContent('#title-echo')).toBe('kept by the browser');
    await page.click('#away');
    await page.waitForSelector('#elsewhere');
    await page.goBack();
    await page.waitForSelector('[data-live-view].lv-connected');
    // A fresh page and a fresh mount: only the restored field can tell the server.
    expect(await page.inputValue('#title')).toBe('kept by the browser');
    await expect.poll(() => page.textContent('#title-echo')).toBe('kept by the browser');
    expect(await page.textContent('#note-echo')).toBe('');
    expect(ourErrors()).toEqual([]);
  });
});
