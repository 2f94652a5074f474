/**
 * The rate and focus bindings, keys and lv-update="ignore", in Chromium against a real
 * server: the view counts every event it receives and renders the count and the last
 * payload, so each test asserts what reached the server and what the page shows.
 */
import { defineView, html } from '@kinetic/core';
import type { EventPayload } from '@kinetic/protocol';
import { kinetic } from '@kinetic/transport';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage } from './support/browser.js';

const EVENTS = [
  'lazy',
  'validate',
  'touched',
  'typed',
  'burst',
  'rate',
  'focused',
  'blurred',
  'wfocus',
  'wblur',
  'enter',
  'anykey',
  'probe',
] as const;

/** What the server last received for an event: its key and value, as the page shows it. */
const received = (payload: EventPayload): string => {
  const value = payload.value === undefined ? '' : String(payload.value);
  return payload.key === undefined ? value : `${String(payload.key)}:${value}`;
};

const Bindings = defineView({
  name: 'Bindings',
  mount: () => ({
    counts: {} as Record<string, number>,
    last: {} as Record<string, string>,
    order: [] as string[],
  }),
  handleEvent: (event, payload, socket) => {
    if (event !== 'probe') socket.update('order', (order) => [...order, event]);
    socket.update('counts', (counts) => ({ ...counts, [event]: (counts[event] ?? 0) + 1 }));
    socket.update('last', (last) => ({ ...last, [event]: received(payload) }));
  },
  render: ({ counts, last, order }) => html`
    <input id="lazy" name="lazy" lv-change="lazy" lv-debounce="blur">
    <input id="validated" name="validated" lv-change="validate" lv-blur="touched" lv-debounce="blur">
    <input id="typed" name="typed" lv-change="typed" lv-debounce="300">
    <button id="burst" lv-click="burst" lv-throttle="1000">Burst</button>
    <input id="rate" name="rate" lv-input="rate" lv-throttle="1000">
    <input id="watched" lv-focus="focused" lv-blur="blurred">
    <div id="window" lv-window-focus="wfocus" lv-window-blur="wblur"></div>
    <input id="cmd" lv-keyup="enter" lv-key="Enter">
    <input id="any" lv-keyup="anykey">
    <div lv-window-keyup="probe" lv-key="Shift"></div>
    <button id="other">Elsewhere</button>
    <iframe id="frame" src="/frame" title="another document"></iframe>
    <p id="order">${order.join(',')}</p>
    <ul>${EVENTS.map(
      (name) =>
        html`<li><output id="n-${name}">${counts[name] ?? 0}</output> <output id="v-${name}">${last[name] ?? ''}</output></li>`,
    )}</ul>`,
});

const Ignore = defineView({
  name: 'Ignore',
  mount: () => ({ n: 0 }),
  events: {
    inc: (_p, socket) => {
      socket.update('n', (n) => n + 1);
    },
  },
  render: ({ n }) => html`<p id="count">${n}</p>
    <div id="pad" lv-update="ignore"><p id="inside">${n}</p><input id="note" value="note ${n}"></div>
    <button id="inc" lv-click="inc">+</button>`,
});

let browser: Browser;
let app: FastifyInstance;
let base: string;
let page: Page;
let errors: string[];
beforeAll(async () => {
  browser = await launchBrowser();
  app = Fastify();
  await app.register(kinetic, { secret: 'bindings-e2e-secret-Vd3Kq8Zr1Lm6Xw4Tn9Hp2Bj7' });
  app.live('/', Bindings).live('/ignore', Ignore);
  app.get('/frame', (_request, reply) =>
    reply.type('text/html').send('<!doctype html><input id="inner">'),
  );
  // Chromium asks for it; a 404 would show as a console error.
  app.get('/favicon.ico', (_request, reply) => reply.code(204).send());
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});
afterEach(async () => {
  expect(errors).toEqual([]);
  await page?.close();
});

async function open(path: string): Promise<void> {
  ({ page, errors } = await newPage(browser));
  await page.goto(`${base}${path}`);
  await page.waitForSelector('[data-live-view].lv-connected');
}

const count = (name: string) => page.textContent(`#n-${name}`).then(Number);
const last = (name: string) => page.textContent(`#v-${name}`);

/**
 * A round trip that moves no focus: Shift fires lv-window-keyup="probe". Events on one
 * connection are handled in order, so once the probe's count shows, anything the client
 * sent before it has reached the server too.
 */
async function roundTrip(): Promise<void> {
  const before = await count('probe');
  await page.keyboard.press('Shift');
  await expect.poll(() => count('probe')).toBe(before + 1);
}

describe('rate limits', () => {
  it('lv-debounce="blur" sends nothing while typing and one event when the field loses focus', async () => {
    await open('/');
    await page.click('#lazy');
    await page.keyboard.type('kinetic is', { delay: 20 });
    await roundTrip();
    expect(await count('lazy')).toBe(0);

    await page.click('#other');
    await expect.poll(() => last('lazy')).toBe('kinetic is');
    await roundTrip();
    expect(await count('lazy')).toBe(1);
    expect(await page.inputValue('#lazy')).toBe('kinetic is');
  });

  it('lv-debounce="blur" with lv-blur: leaving the field sends both, the change first', async () => {
    await open('/');
    await page.click('#validated');
    await page.keyboard.type('abc');
    await page.click('#other');
    await expect.poll(() => count('touched')).toBe(1);
    expect(await last('validate')).toBe('abc');
    expect(await count('validate')).toBe(1);
    expect(await page.textContent('#order')).toBe('validate,touched');
  });

  it('lv-debounce="300": ten quick keystrokes reach the server as one event with the whole text', async () => {
    await open('/');
    await page.click('#typed');
    await page.keyboard.type('0123456789');
    await expect.poll(() => last('typed')).toBe('0123456789');
    await roundTrip();
    expect(await count('typed')).toBe(1);
  });

  it('lv-throttle: ten clicks in one burst send the first at once and the last after the cooldown', async () => {
    await open('/');
    // Dispatched in one task, the ten clicks surely fall within one 1000 ms cooldown.
    await page.$eval('#burst', (button) => {
      for (let i = 0; i < 10; i++) (button as HTMLButtonElement).click();
    });
    await expect.poll(() => count('burst')).toBe(2);
    await roundTrip();
    expect(await count('burst')).toBe(2);
  });

  it('lv-throttle on typing sends fewer events than keystrokes, and the last carries the whole text', async () => {
    await open('/');
    await page.click('#rate');
    await page.keyboard.type('abcdefghij');
    await expect.poll(() => last('rate')).toBe('abcdefghij');
    await roundTrip();
    expect(await count('rate')).toBeGreaterThanOrEqual(2);
    expect(await count('rate')).toBeLessThan(10);
  });
});

describe('focus and keys', () => {
  it('lv-focus fires when the field gains focus, lv-blur when it loses it, with its value', async () => {
    await open('/');
    await page.click('#watched');
    await expect.poll(() => count('focused')).toBe(1);
    expect(await count('blurred')).toBe(0);
    await page.keyboard.type('hi');
    await page.click('#other');
    await expect.poll(() => count('blurred')).toBe(1);
    expect(await last('blurred')).toBe('hi');
    await roundTrip();
    expect([await count('focused'), await count('blurred')]).toEqual([1, 1]);
  });

  it('lv-window-blur fires when focus leaves the page for a frame, lv-window-focus when it comes back', async () => {
    await open('/');
    await page.click('#other');
    await page.frameLocator('#frame').locator('#inner').click();
    await expect.poll(() => count('wblur')).toBe(1);
    expect(await count('wfocus')).toBe(0);
    await page.click('#other');
    await expect.poll(() => count('wfocus')).toBe(1);
    expect(await count('wblur')).toBe(1);
  });

  it('lv-keyup with lv-key="Enter" sends only Enter, with the field value', async () => {
    await open('/');
    await page.click('#cmd');
    await page.keyboard.type('go');
    await page.keyboard.press('Enter');
    await expect.poll(() => last('enter')).toBe('Enter:go');
    await roundTrip();
    expect(await count('enter')).toBe(1);
  });

  it('lv-keyup without lv-key sends every key released', async () => {
    await open('/');
    await page.click('#any');
    await page.keyboard.type('abc');
    await expect.poll(() => count('anykey')).toBe(3);
    expect(await last('anykey')).toBe('c:abc');
  });
});

describe('lv-update="ignore"', () => {
  it('the server never changes its content while the rest of the view updates; typed text stays', async () => {
    await open('/ignore');
    await page.fill('#note', 'my own words');
    await page.click('#inc');
    await page.click('#inc');
    await expect.poll(() => page.textContent('#count')).toBe('2');
    expect(await page.textContent('#inside')).toBe('0');
    expect(await page.inputValue('#note')).toBe('my own words');
    expect(await page.getAttribute('#note', 'value')).toBe('note 0');
  });
});
