/**
 * Forms in Chromium: the todo example's form validates as the user types and shows an
 * error only on a field the user used (typed in or left) or after a submit, over every
 * transport; lv-disable-with and a second submit under 300 ms of round trip; nested and
 * array fields round-trip through form(); and a reply to an older change never rolls the
 * field back to what the user typed before ("j" answered after "jk" was typed).
 */
import { defineView, form, html } from '@kinetic/core';
import { kinetic } from '@kinetic/transport';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../examples/todo/src/app.js';
import { launchBrowser, newPage } from './support/browser.js';
import { startProxy, type TestProxy } from './support/proxy.js';
import { listen } from './support/server.js';

const Shape = z.object({
  name: z.string().min(1),
  address: z.object({ city: z.string().min(1), zip: z.string().regex(/^\d{5}$/, 'five digits') }),
  items: z.array(z.object({ name: z.string().min(1), qty: z.coerce.number().int().min(1) })),
  tags: z.array(z.string()).default([]),
  roles: z.array(z.enum(['admin', 'editor', 'viewer'])).default([]),
  agree: z.stringbool(),
  when: z.coerce.date(),
});

const Nested = defineView({
  name: 'Nested',
  mount: () => ({ result: '', errors: '' }),
  events: {
    save: async (params, socket) => {
      const f = await form(Shape, params, { submitted: true });
      socket.assign({
        result: f.valid ? JSON.stringify(f.value) : '',
        errors: JSON.stringify(f.errors),
      });
    },
  },
  render: ({ result, errors }) => html`<form id="nested" lv-submit="save">
  <input name="name" value="Ann">
  <input name="address[city]" value="Lyon"><input name="address[zip]" value="69001">
  <input name="items[0][name]" value="pens"><input name="items[0][qty]" type="number" value="3">
  <input name="items[1][name]" value="ink"><input name="items[1][qty]" type="number" value="1">
  <label><input type="checkbox" name="tags[]" value="red" checked> red</label>
  <label><input type="checkbox" name="tags[]" value="blue"> blue</label>
  <label><input type="checkbox" name="tags[]" value="green" checked> green</label>
  <select name="roles[]" multiple><option value="admin">admin</option><option value="editor" selected>editor</option><option value="viewer" selected>viewer</option></select>
  <input type="hidden" name="agree" value="false"><input type="checkbox" name="agree" value="true">
  <input type="date" name="when" value="2026-12-24">
  <button type="submit">Save</button>
</form><pre id="result">${result}</pre><pre id="errors">${errors}</pre>`,
});

/** Echoes the field; the reply to "j" comes late, after the user typed "jk". */
const Echo = defineView({
  name: 'Echo',
  mount: () => ({ q: '', seen: [] as string[] }),
  events: {
    check: async ({ q }, socket) => {
      const value = String(q ?? '');
      if (value === 'j') await new Promise((resolve) => setTimeout(resolve, 400));
      socket.assign({ q: value, seen: [...socket.assigns.seen, value] });
    },
  },
  render: ({ q, seen }) =>
    html`<form id="echo" lv-change="check"><input id="q" name="q" value=${q} autocomplete="off"><input id="other"></form><p id="seen">${seen.join(',')}</p>`,
});

let browser: Browser;
const apps: FastifyInstance[] = [];
let proxy: TestProxy;
let fixtures: string;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  const todo = await buildApp();
  todo.get('/favicon.ico', (_q, r) => r.code(204).send());
  apps.push(todo);
  proxy = await startProxy(await listen(todo));
  const app = Fastify();
  await app.register(kinetic, { secret: 'forms-e2e-secret-Xc5Vb7Nm9Lk2Jh4Gf6Ds8Aq0' });
  app.live('/nested', Nested);
  app.live('/echo', Echo);
  app.get('/favicon.ico', (_q, r) => r.code(204).send());
  apps.push(app);
  fixtures = await listen(app);
});
afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await Promise.all(apps.map((app) => app.close()));
});
afterEach(async () => {
  proxy.latencyMs = 0;
  expect(errors).toEqual([]);
  await page?.close();
});

async function open(url: string, transport?: string, sent?: string[]): Promise<void> {
  ({ page, errors } = await newPage(browser));
  // Listening before the page loads: its WebSocket opens with it.
  if (sent) page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(String(f.payload))));
  if (transport) {
    await page.addInitScript((t) => {
      (window as { KineticTransport?: string }).KineticTransport = t;
    }, transport);
  }
  await page.goto(url);
  await page.waitForSelector('[data-live-view].lv-connected');
}

const errorTexts = () => page.$$eval('.error', (els) => els.map((el) => el.textContent));

describe.each(['websocket', 'sse', 'longpoll'])('the todo form over %s', (transport) => {
  it('shows an error only on a used field: typed in, left, or after a submit', async () => {
    await open(proxy.url, transport);
    expect(await errorTexts()).toEqual([]);
    await page.fill('#new input[name=title]', 'ab');
    await expect.poll(errorTexts).toEqual(['Give it at least 3 characters']);
    await page.fill('#new input[name=title]', 'abc');
    await expect.poll(errorTexts).toEqual([]);

    // Leaving an untouched field uses it.
    await page.reload();
    await page.waitForSelector('[data-live-view].lv-connected');
    await page.focus('#new input[name=title]');
    expect(await errorTexts()).toEqual([]);
    await page.keyboard.press('Tab');
    await expect.poll(errorTexts).toEqual(['Give it at least 3 characters']);

    // A submit shows every error, then a valid one saves and starts a fresh form.
    await page.reload();
    await page.waitForSelector('[data-live-view].lv-connected');
    for (const tag of ['home', 'work', 'errand']) await page.check(`#new input[value=${tag}]`);
    await expect.poll(errorTexts).toEqual(['Two tags at most']);
    await page.click('#new button[type=submit]');
    await expect.poll(errorTexts).toEqual(['Give it at least 3 characters', 'Two tags at most']);
    await page.uncheck('#new input[value=work]');
    await page.fill('#new input[name=title]', `Buy milk over ${transport}`);
    await page.fill('#new input[name=due]', '2026-12-24');
    await page.click('#new button[type=submit]');
    await expect.poll(() => page.textContent('#flash')).toBe(`Added “Buy milk over ${transport}”`);
    expect(await errorTexts()).toEqual([]);
    expect(await page.inputValue('#new input[name=title]')).toBe('');
    expect(await page.textContent('#todos li .meta')).toBe(
      'normal · due 2026-12-24 · home, errand',
    );
  });
});

it('lv-disable-with holds the button through 300 ms of round trip; a second submit is not sent', async () => {
  const sent: string[] = [];
  await open(proxy.url, undefined, sent);
  await page.fill('#new input[name=title]', 'Call the plumber');
  await expect.poll(() => sent.some((f) => f.includes('"validate"'))).toBe(true);
  await expect.poll(() => page.getAttribute('#new', 'class')).not.toContain('lv-change-loading');
  proxy.latencyMs = 150;
  const button = '#new button[type=submit]';
  await page.click(button);
  expect(await page.textContent(button)).toBe('Saving…');
  expect(await page.isDisabled(button)).toBe(true);
  // Enter in the title would submit again; the form has a submit in flight.
  await page.press('#new input[name=title]', 'Enter');
  await page.evaluate(() => (document.querySelector('#new') as HTMLFormElement).requestSubmit());
  await expect
    .poll(() => page.textContent('#flash'), { timeout: 5_000 })
    .toBe('Added “Call the plumber”');
  await expect.poll(() => page.textContent(button)).toBe('Add');
  expect(await page.isDisabled(button)).toBe(false);
  expect(sent.filter((f) => f.includes('"save"'))).toHaveLength(1);
  expect(await page.$$eval('#todos li', (items) => items.length)).toBeGreaterThanOrEqual(1);
});

it('nested and array fields, groups, a multiple select, numbers and dates round-trip', async () => {
  await open(`${fixtures}/nested`);
  await page.check('input[name=agree][type=checkbox]');
  await page.fill('input[name="items[1][qty]"]', '4');
  await page.click('#nested button');
  await expect.poll(() => page.textContent('#result')).not.toBe('');
  expect(JSON.parse((await page.textContent('#result')) ?? '')).toEqual({
    name: 'Ann',
    address: { city: 'Lyon', zip: '69001' },
    items: [
      { name: 'pens', qty: 3 },
      { name: 'ink', qty: 4 },
    ],
    tags: ['red', 'green'],
    roles: ['editor', 'viewer'],
    agree: true,
    when: '2026-12-24T00:00:00.000Z',
  });
  await page.fill('input[name="address[zip]"]', '6900');
  await page.fill('input[name="items[0][qty]"]', '0');
  await page.uncheck('input[name=agree][type=checkbox]');
  await page.click('#nested button');
  await expect.poll(() => page.textContent('#result')).toBe('');
  const errs = JSON.parse((await page.textContent('#errors')) ?? '{}');
  expect(Object.keys(errs).sort()).toEqual(['address[zip]', 'items[0][qty]']);
  expect(errs['address[zip]']).toEqual(['five digits']);
});

it('a late reply to an older change does not roll the field back ("j" answered after "jk")', async () => {
  await open(`${fixtures}/echo`);
  await page.evaluate(() => {
    const w = window as unknown as { values: string[] };
    const q = document.querySelector('#q') as HTMLInputElement;
    w.values = [];
    // Every time the server's render changes the field, what the user then sees in it.
    new MutationObserver(() => w.values.push(q.value)).observe(q, { attributes: true });
  });
  await page.type('#q', 'jk');
  // Away from the field before either reply: the browser's focus no longer guards it.
  await page.focus('#other');
  await expect.poll(() => page.textContent('#seen'), { timeout: 5_000 }).toBe('j,jk');
  await expect.poll(() => page.getAttribute('#q', 'value')).toBe('jk');
  expect(await page.inputValue('#q')).toBe('jk');
  const values = await page.evaluate(() => (window as unknown as { values: string[] }).values);
  expect(values.length).toBeGreaterThan(0);
  expect(values.every((v) => v === 'jk')).toBe(true);
});
