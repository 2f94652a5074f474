/**
 * Client hooks in Chromium against a real server, registered the documented way for the
 * prebuilt runtime: `window.KineticHooks`, from a script the app serves (the CSP allows
 * scripts from its own origin). The hooks log their calls; the page and the server's
 * state show what the hooks saw and sent.
 */
import { defineComponent, defineView, html, live } from '@kinetic/core';
import { kinetic } from '@kinetic/transport';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { launchBrowser, newPage } from './support/browser.js';

const HOOKS_JS = `
window.hookLog = [];
const log = (entry) => window.hookLog.push(entry);
window.KineticHooks = {
  Recorder: {
    mounted() { log('mounted ' + this.el.id); },
    beforeUpdate() { log('beforeUpdate ' + this.el.id + ' ' + this.el.textContent); },
    updated() { log('updated ' + this.el.id + ' ' + this.el.textContent); },
    destroyed() { log('destroyed ' + this.el.id + ' connected=' + this.el.isConnected); },
  },
  Pusher: {
    mounted() {
      this.el.addEventListener('click', () => {
        this.pushEventTo('bumper', 'bump', { by: 5 }).then((reply) => {
          log('reply ' + JSON.stringify(reply));
        });
      });
    },
  },
};
`;

const Bumper = defineComponent({
  name: 'Bumper',
  mount: () => ({ total: 0 }),
  events: {
    bump: (payload, socket) => {
      const total = socket.assigns.total + Number(payload.by);
      socket.assign('total', total);
      return { reply: { total } };
    },
  },
  render: ({ total }) => html`<p id="total">${total}</p>`,
});

const Hooked = defineView({
  name: 'Hooked',
  mount: () => ({ n: 0, shown: true }),
  events: {
    inc: (_p, socket) => {
      socket.update('n', (n) => n + 1);
    },
    remove: (_p, socket) => {
      socket.assign('shown', false);
    },
  },
  render: ({ n, shown }) => html`<div id="watched" lv-hook="Recorder">n=${n}</div>
    ${shown ? html`<p id="doomed" lv-hook="Recorder">doomed</p>` : ''}
    <button id="inc" lv-click="inc">+</button>
    <button id="remove" lv-click="remove">Remove</button>
    <button id="pusher" lv-hook="Pusher">Push to the component</button>
    ${live(Bumper, { id: 'bumper' })}`,
});

let browser: Browser;
let app: FastifyInstance;
let base: string;
let page: Page;
let errors: string[];
beforeAll(async () => {
  browser = await launchBrowser();
  app = Fastify();
  await app.register(kinetic, {
    secret: 'hooks-e2e-secret-Rf5Wz2Nc8Qb1Ly7Km4Dt9Gs3',
    // Before the runtime's own script, so the hooks exist when it starts.
    layout: ({ content, title, head }) => html`<!doctype html>
<html lang="en"><head><title>${title}</title><script src="/hooks.js"></script>${head}</head>
<body>${content}</body></html>`,
  });
  app.live('/', Hooked);
  app.get('/hooks.js', (_request, reply) => reply.type('text/javascript').send(HOOKS_JS));
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

async function open(): Promise<void> {
  ({ page, errors } = await newPage(browser));
  await page.goto(`${base}/`);
  await page.waitForSelector('[data-live-view].lv-connected');
}

const hookLog = () => page.evaluate(() => (window as unknown as { hookLog: string[] }).hookLog);

it('beforeUpdate sees the old content and updated the new; an unchanged element gets neither', async () => {
  await open();
  await expect.poll(hookLog).toEqual(['mounted watched', 'mounted doomed']);
  await page.click('#inc');
  await expect.poll(() => page.textContent('#watched')).toBe('n=1');
  await expect
    .poll(hookLog)
    .toEqual([
      'mounted watched',
      'mounted doomed',
      'beforeUpdate watched n=0',
      'updated watched n=1',
    ]);
  await page.click('#inc');
  await expect.poll(hookLog).toContain('updated watched n=2');
  expect((await hookLog()).filter((entry) => entry.includes('doomed'))).toEqual(['mounted doomed']);
});

it('destroyed runs when a patch removes the element, once, and for it alone', async () => {
  await open();
  await page.click('#remove');
  await page.waitForSelector('#doomed', { state: 'detached' });
  await expect.poll(hookLog).toContain('destroyed doomed connected=false');
  await page.click('#inc');
  await expect.poll(() => page.textContent('#watched')).toBe('n=1');
  const log = await hookLog();
  expect(log.filter((entry) => entry.startsWith('destroyed'))).toEqual([
    'destroyed doomed connected=false',
  ]);
});

it('pushEventTo reaches the live component by its id and resolves with its reply', async () => {
  await open();
  await page.click('#pusher');
  await expect.poll(() => page.textContent('#total')).toBe('5');
  await expect.poll(hookLog).toContain('reply {"total":5}');
  await page.click('#pusher');
  await expect.poll(() => page.textContent('#total')).toBe('10');
  await expect.poll(hookLog).toContain('reply {"total":10}');
  // The view itself has no bump handler: had the event gone to it, it would have failed.
  expect(await page.getAttribute('[data-live-view]', 'class')).not.toContain('lv-error');
});
