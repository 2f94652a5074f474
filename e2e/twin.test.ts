/**
 * The harness is the browser's twin: the same interactions with the same page, once by a
 * user in Chromium and once through @kinetic/testing's live(), reach the server as the same
 * events with the same payloads, and leave the same page.
 */
import { defineView, html } from '@kinetic/core';
import { live } from '@kinetic/testing';
import { kinetic } from '@kinetic/transport';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, newPage } from './support/browser.js';

/** Every event the server got, in order: its name and payload. */
let received: Array<[string, unknown]> = [];
const record = (event: string) => (payload: Record<string, unknown>) => {
  received.push([event, payload]);
};

const Twin = defineView({
  name: 'Twin',
  mount: () => ({ log: [] as string[], seen: 0 }),
  events: {
    tap: (payload, socket) => {
      record('tap')(payload);
      socket.update('seen', (n) => n + 1);
    },
    save: (payload, socket) => {
      record('save')(payload);
      socket.update('log', (log) => [...log, `saved ${String(payload.title)}`]);
    },
    search: (payload, socket) => {
      record('search')(payload);
      socket.update('log', (log) => [...log, `searched ${String(payload.value)}`]);
    },
  },
  render: ({ log, seen }) => html`<p id="seen">${seen}</p>
    <button id="plain" lv-click="tap" lv-value-kind="plain" lv-value-n="3">Tap</button>
    <div lv-click="tap" lv-value-kind="outer"><span id="inner">Inner</span></div>
    <form id="form" lv-submit="save">
      <input name="title" value="Hello">
      <input type="checkbox" name="tags" value="a" checked>
      <input type="checkbox" name="tags" value="b">
      <input type="checkbox" name="tags" value="c" checked>
      <input type="radio" name="size" value="s"><input type="radio" name="size" value="m" checked>
      <select name="colour"><option>red</option><option selected>green</option></select>
      <select name="many" multiple><option selected>x</option><option>y</option><option selected>z</option></select>
      <textarea name="body">Some text</textarea>
      <input name="off" value="no" disabled>
      <button id="draft" name="intent" value="draft">Draft</button>
      <button id="publish" name="intent" value="publish">Publish</button>
    </form>
    <input id="q" name="q" lv-keyup="search" lv-key="Enter">
    <ul id="log">${log.map((line) => html`<li>${line}</li>`)}</ul>`,
});

let browser: Browser;
let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  browser = await launchBrowser();
  app = Fastify();
  await app.register(kinetic, { secret: 'twin-e2e-secret-Vb3Nq8Lx2Wm7Pz5Kt9Hr4Jc6' });
  app.live('/', Twin);
  app.get('/favicon.ico', (_request, reply) => reply.code(204).send());
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

it('clicks, a form submitted by a button and a keyup reach the server alike, and leave the same page', async () => {
  received = [];
  const { page, errors } = await newPage(browser);
  await page.goto(base);
  await page.waitForSelector('[data-live-view].lv-connected');
  const settled = (n: number) =>
    page.waitForFunction((count) => document.querySelectorAll('#log li').length === count, n);
  await page.click('#plain');
  await page.click('#inner');
  await page.waitForFunction(() => document.querySelector('#seen')?.textContent === '2');
  await page.click('#publish');
  await settled(1);
  await page.fill('#q', 'kin');
  await page.press('#q', 'Enter');
  await settled(2);
  const inBrowser = received;
  const browserLog = await page.evaluate(() => document.querySelector('#log')?.outerHTML);
  await page.close();
  expect(errors).toEqual([]);

  received = [];
  const view = await live(app, '/');
  try {
    await view.click('#plain');
    await view.click('#inner');
    await view.click('#publish');
    await view.keyup('#q', 'Enter', { value: 'kin' });
    expect(received).toEqual(inBrowser);
    expect(view.html('#log')).toBe(browserLog);
  } finally {
    await view.close();
  }
  // And what the browser sent is what the page said.
  expect(inBrowser[2]).toEqual([
    'save',
    {
      title: 'Hello',
      tags: ['a', 'c'],
      size: 'm',
      colour: 'green',
      many: ['x', 'z'],
      body: 'Some text',
      intent: 'publish',
    },
  ]);
});
