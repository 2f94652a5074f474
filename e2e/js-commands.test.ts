/**
 * JS commands and optimistic UI in Chromium against a real server: every command from a
 * binding, what they set surviving 20 server patches (and giving way where the server's
 * render changes the same attribute), socket.exec and socket.focus from a handler, and
 * optimistic commands behind a proxy that adds latency: shown at once, replaced by the
 * server's value in the reply's frame, rolled back when the handler fails, and not undone
 * by server patches while the event is in flight.
 */
import { defineView, html, JS } from '@kinetic/core';
import { kinetic } from '@kinetic/transport';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { launchBrowser, newPage } from './support/browser.js';
import { startProxy, type TestProxy } from './support/proxy.js';

const Commands = defineView({
  name: 'Commands',
  mount: () => ({ n: 0, likes: 10, mode: 'server', tab: '1', status: 0 }),
  handleParams: (params, _url, socket) => {
    socket.assign('tab', String(params.tab ?? '1'));
  },
  handleInfo: (_message: 'tick', socket) => {
    socket.update('status', (s) => s + 1);
  },
  events: {
    tick: (payload, socket) => {
      socket.update('n', (n) => n + Number(payload.by ?? 1));
    },
    mode: (_p, socket) => {
      socket.assign('mode', 'server-changed');
    },
    like: (_p, socket) => {
      socket.update('likes', (n) => n + 1);
    },
    boom: () => {
      throw new Error('the handler failed on purpose');
    },
    save: (_p, socket) => {
      socket.exec(JS.show({ to: '#saved' }).addClass('flash', { to: '#saved' }));
      socket.focus('#name');
    },
    ticking: (_p, socket) => {
      socket.every(30, 'tick');
    },
    slowSave: () => {},
  },
  render: ({ n, likes, mode, tab, status }) => html`
    <p id="n">${n}</p>
    <p id="tab">tab ${tab}</p>
    <button id="tick" lv-click="tick">tick</button>
    <button id="mode" lv-click="mode">mode</button>
    <div id="menu" class="menu ${n % 2 === 1 ? 'odd' : 'even'}" style="display: none"
      data-open=${JS.show().addClass('opened')}>menu ${n}</div>
    <div id="panel" data-mode=${mode}>panel</div>
    <button id="toggle" lv-click=${JS.toggle({ to: '#menu' })}>toggle</button>
    <button id="show" lv-click=${JS.show({ to: '#menu', display: 'flex' })}>show</button>
    <button id="hide" lv-click=${JS.hide({ to: '#menu' })}>hide</button>
    <button id="add" lv-click=${JS.addClass('open wide', { to: '#menu' })}>add</button>
    <button id="remove" lv-click=${JS.removeClass('menu', { to: '#menu' })}>remove</button>
    <button id="tclass" lv-click=${JS.toggleClass('picked', { to: '#menu' })}>tclass</button>
    <button id="set" lv-click=${JS.setAttr('aria-expanded', 'true', { to: '#menu' })}>set</button>
    <button id="unset" lv-click=${JS.removeAttr('aria-expanded', { to: '#menu' })}>unset</button>
    <button id="tattr" lv-click=${JS.toggleAttr('data-state', 'on', 'off', { to: '#menu' })}>tattr</button>
    <button id="client-mode" lv-click=${JS.setAttr('data-mode', 'client', { to: '#panel' })}>cm</button>
    <button id="trans" lv-click=${JS.transition('fading', { to: '#menu', time: 300 })}>trans</button>
    <button id="dispatch" lv-click=${JS.dispatch('menu:opened', { to: '#menu', detail: { a: 1 } })}>dispatch</button>
    <button id="exec" lv-click=${JS.exec('data-open', { to: '#menu' })}>exec</button>
    <button id="push" lv-click=${JS.addClass('pushed').push('tick', { value: { by: 5 } })}>push</button>
    <div id="box"><input id="first"><input id="second"></div>
    <input id="name">
    <button id="focus" lv-click=${JS.focus({ to: '#second' })}>focus</button>
    <button id="focus-first" lv-click=${JS.focusFirst({ to: '#box' })}>ff</button>
    <button id="push-focus" lv-click=${JS.pushFocus({ to: '#second' })}>pf</button>
    <button id="pop-focus" lv-click=${JS.popFocus()}>popf</button>
    <button id="patch" lv-click=${JS.patch('/?tab=2')}>patch</button>
    <button id="navigate" lv-click=${JS.navigate('/other')}>navigate</button>
    <button id="save" lv-click="save">save</button>
    <p id="saved" style="display: none">saved</p>
    <button id="like" lv-click=${JS.push('like', { optimistic: JS.setText(String(likes + 1), { to: '#likes' }) })}>like</button>
    <span id="likes">${likes}</span>
    <button id="bad" lv-click="boom" lv-optimistic=${JS.hide({ to: '#row' }).setText('deleting', { to: '#row-status' })}>delete</button>
    <div id="row">row</div><p id="row-status">kept</p>
    <button id="ticking" lv-click="ticking">start ticking</button>
    <button id="hostile-attr" lv-click="[[&quot;setAttr&quot;,{&quot;name&quot;:&quot;onclick&quot;,&quot;value&quot;:&quot;window.pwned=1&quot;}]]">h1</button>
    <button id="hostile-href" lv-click="[[&quot;setAttr&quot;,{&quot;name&quot;:&quot;href&quot;,&quot;value&quot;:&quot;javascript:window.pwned=1&quot;,&quot;to&quot;:&quot;#link&quot;}]]">h2</button>
    <button id="hostile-nav" lv-click="[[&quot;navigate&quot;,{&quot;href&quot;:&quot;javascript:window.pwned=1&quot;}]]">h3</button>
    <button id="loop" data-again="[[&quot;exec&quot;,{&quot;attr&quot;:&quot;data-again&quot;}]]" lv-click="[[&quot;exec&quot;,{&quot;attr&quot;:&quot;data-again&quot;}]]">loop</button>
    <button id="garbage" lv-click="[not json">garbage</button>
    <a id="link" href="/">link</a>
    <button id="slow" lv-click=${JS.push('slowSave', { optimistic: JS.setText('saving…', { to: '#status' }) })}>slow</button>
    <p id="status">${status}</p>`,
});

const Other = defineView({
  name: 'Other',
  mount: () => ({}),
  render: () => html`<h1 id="other">the other view</h1>`,
});

let browser: Browser;
let app: FastifyInstance;
let proxy: TestProxy;
let page: Page;
let errors: string[];
beforeAll(async () => {
  browser = await launchBrowser();
  app = Fastify();
  await app.register(kinetic, { secret: 'js-commands-e2e-secret-Qw8Er4Ty2Ui6Op0As' });
  app.live('/', Commands);
  app.live('/other', Other);
  app.get('/favicon.ico', (_request, reply) => reply.code(204).send());
  await app.listen({ port: 0, host: '127.0.0.1' });
  proxy = await startProxy(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
});
afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await app?.close();
});
afterEach(async () => {
  proxy.latencyMs = 0;
  expect(errors).toEqual([]);
  await page?.close();
});

async function open(path = '/', sent?: string[]): Promise<void> {
  ({ page, errors } = await newPage(browser));
  // Listening before the page loads: its WebSocket opens with it.
  if (sent) page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(String(f.payload))));
  await page.goto(`${proxy.url}${path}`);
  await page.waitForSelector('[data-live-view].lv-connected');
}

const menu = () =>
  page.evaluate(() => {
    const el = document.querySelector('#menu') as HTMLElement;
    return {
      classes: el.className,
      display: getComputedStyle(el).display,
      expanded: el.getAttribute('aria-expanded'),
      state: el.getAttribute('data-state'),
    };
  });

const text = (selector: string) => page.textContent(selector);
const focused = () => page.evaluate(() => document.activeElement?.id);

it('show, hide, toggle and the class and attribute commands change the page with no round trip', async () => {
  const sent: string[] = [];
  await open('/', sent);
  expect((await menu()).display).toBe('none');
  await page.click('#toggle');
  expect((await menu()).display).toBe('block');
  await page.click('#toggle');
  expect((await menu()).display).toBe('none');
  await page.click('#show');
  expect((await menu()).display).toBe('flex');
  await page.click('#hide');
  expect((await menu()).display).toBe('none');
  await page.click('#add');
  expect((await menu()).classes).toBe('menu even open wide');
  await page.click('#remove');
  expect((await menu()).classes).toBe('even open wide');
  await page.click('#tclass');
  expect((await menu()).classes).toContain('picked');
  await page.click('#tclass');
  expect((await menu()).classes).not.toContain('picked');
  await page.click('#set');
  expect((await menu()).expanded).toBe('true');
  await page.click('#unset');
  expect((await menu()).expanded).toBeNull();
  await page.click('#tattr');
  expect((await menu()).state).toBe('on');
  await page.click('#tattr');
  expect((await menu()).state).toBe('off');
  // None of it went to the server: the join went, and heartbeats may; no event.
  expect(sent.some((f) => f.startsWith('["j"'))).toBe(true);
  expect(sent.filter((f) => f.startsWith('["e"'))).toEqual([]);
});

it('transition holds its classes for its time; dispatch fires a DOM event; exec runs an attribute', async () => {
  await open();
  await page.evaluate(() => {
    const w = window as unknown as { seen: unknown[] };
    w.seen = [];
    document.addEventListener('menu:opened', (e) => w.seen.push((e as CustomEvent).detail));
  });
  await page.click('#trans');
  expect((await menu()).classes).toContain('fading');
  await expect.poll(async () => (await menu()).classes).not.toContain('fading');
  await page.click('#dispatch');
  expect(await page.evaluate(() => (window as unknown as { seen: unknown[] }).seen)).toEqual([
    { a: 1 },
  ]);
  await page.click('#exec');
  expect(await menu()).toMatchObject({ display: 'block', classes: 'menu even opened' });
});

it('push sends the event with its value after the commands before it ran', async () => {
  await open();
  await page.click('#push');
  expect(await page.getAttribute('#push', 'class')).toContain('pushed');
  await expect.poll(() => text('#n')).toBe('5');
  await expect.poll(() => page.getAttribute('#push', 'class')).toBe('pushed');
});

it('what commands set survives 20 server patches; the server wins where it changes the attribute', async () => {
  await open();
  await page.click('#toggle');
  await page.click('#add');
  await page.click('#set');
  await page.click('#client-mode');
  for (let i = 1; i <= 20; i++) {
    await page.click('#tick');
    await expect.poll(() => text('#n')).toBe(String(i));
    // The server rewrites the class attribute on every patch (odd / even): the command's classes stay.
    expect(await menu()).toEqual({
      classes: `menu ${i % 2 === 1 ? 'odd' : 'even'} open wide`,
      display: 'block',
      expanded: 'true',
      state: null,
    });
    expect(await text('#menu')).toBe(`menu ${i}`);
    expect(await page.getAttribute('#panel', 'data-mode')).toBe('client');
  }
  // The server's render changes data-mode itself: its value wins over the command's.
  await page.click('#mode');
  await expect.poll(() => page.getAttribute('#panel', 'data-mode')).toBe('server-changed');
  await page.click('#tick');
  await expect.poll(() => text('#n')).toBe('21');
  expect(await page.getAttribute('#panel', 'data-mode')).toBe('server-changed');
});

it('focus, focusFirst, pushFocus and popFocus move the browser focus', async () => {
  await open();
  await page.click('#focus');
  expect(await focused()).toBe('second');
  await page.click('#focus-first');
  expect(await focused()).toBe('first');
  await page.focus('#name');
  // pushFocus remembers #name (focus is there until the click), then moves to #second.
  await page.evaluate(() => (document.querySelector('#push-focus') as HTMLElement).click());
  expect(await focused()).toBe('second');
  await page.evaluate(() => (document.querySelector('#pop-focus') as HTMLElement).click());
  expect(await focused()).toBe('name');
});

it('socket.exec and socket.focus from a handler run when its reply arrives', async () => {
  await open();
  await page.click('#save');
  await expect.poll(() => page.isVisible('#saved')).toBe(true);
  expect(await page.getAttribute('#saved', 'class')).toBe('flash');
  expect(await focused()).toBe('name');
});

it('patch changes the URL within the view; navigate moves to another view without a page load', async () => {
  await open();
  await page.evaluate(() => {
    (window as unknown as { marker: number }).marker = 1;
  });
  await page.click('#patch');
  await expect.poll(() => text('#tab')).toBe('tab 2');
  expect(new URL(page.url()).search).toBe('?tab=2');
  await page.click('#navigate');
  await page.waitForSelector('#other');
  expect(new URL(page.url()).pathname).toBe('/other');
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
});

it('hostile commands written by hand are refused in the browser: handlers, script URLs, loops, garbage', async () => {
  await open();
  for (const id of ['hostile-attr', 'hostile-href', 'hostile-nav', 'loop', 'garbage']) {
    await page.click(`#${id}`);
  }
  await page.click('#hostile-attr');
  expect(await page.getAttribute('#hostile-attr', 'onclick')).toBeNull();
  expect(await page.getAttribute('#link', 'href')).toBe('/');
  expect(
    await page.evaluate(() => (window as unknown as { pwned?: number }).pwned),
  ).toBeUndefined();
  expect(new URL(page.url()).pathname).toBe('/');
  const codes = errors.map((e) => /KN_ERR_CLIENT_[A-Z_]+/.exec(e)?.[0]);
  expect(codes).toEqual([
    'KN_ERR_CLIENT_BAD_JS',
    'KN_ERR_CLIENT_UNSAFE_URL',
    'KN_ERR_CLIENT_UNSAFE_URL',
    'KN_ERR_CLIENT_BAD_JS',
    'KN_ERR_CLIENT_BAD_JS',
    'KN_ERR_CLIENT_BAD_JS',
  ]);
  expect(errors[3]).toContain('nested more than 8 deep');
  errors.length = 0;
  // The page goes on: a good command still runs.
  await page.click('#toggle');
  expect((await menu()).display).toBe('block');
});

it('with 300 ms of latency an optimistic like shows at once, then the server value; ten quick clicks end on it with no flicker', async () => {
  await open();
  proxy.latencyMs = 150;
  // Within the click's own task: nothing waits for a frame, let alone the server.
  const shown = await page.evaluate(() => {
    (document.querySelector('#like') as HTMLElement).click();
    return document.querySelector('#likes')?.textContent;
  });
  expect(shown).toBe('11');
  await expect.poll(() => page.getAttribute('#like', 'class')).toBe('');
  expect(await text('#likes')).toBe('11');

  // Every value #likes takes, as the browser could paint it (one entry per mutation batch).
  await page.evaluate(() => {
    const w = window as unknown as { values: string[]; mutations: number };
    const el = document.querySelector('#likes') as HTMLElement;
    w.values = [];
    w.mutations = 0;
    new MutationObserver((records) => {
      w.mutations += records.length;
      w.values.push(el.textContent ?? '');
    }).observe(el, { childList: true, characterData: true, subtree: true });
  });
  for (let i = 0; i < 10; i++) {
    await page.evaluate(() => (document.querySelector('#like') as HTMLElement).click());
    await page.waitForTimeout(20);
  }
  await expect.poll(() => text('#likes'), { timeout: 10_000 }).toBe('21');
  await expect.poll(() => page.getAttribute('#like', 'class')).toBe('');
  const { values, mutations } = await page.evaluate(() => {
    const w = window as unknown as { values: string[]; mutations: number };
    return { values: w.values, mutations: w.mutations };
  });
  const numbers = values.map(Number);
  // Never back to an older value, never both: the count only goes up, to the server's.
  expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  expect(numbers.at(-1)).toBe(21);
  // One mutation for the optimistic 12, one per reply at most: no undo-and-redo.
  expect(mutations).toBeLessThanOrEqual(11);
  console.log(
    `10 optimistic clicks at 300 ms RTT: values ${values.join(' ')}, ${mutations} mutations`,
  );
});

it('when the handler fails the optimistic change is rolled back', async () => {
  await open();
  proxy.latencyMs = 100;
  const during = await page.evaluate(() => {
    (document.querySelector('#bad') as HTMLElement).click();
    return [
      getComputedStyle(document.querySelector('#row') as Element).display,
      document.querySelector('#row-status')?.textContent,
    ];
  });
  expect(during).toEqual(['none', 'deleting']);
  await expect.poll(() => page.isVisible('#row')).toBe(true);
  expect(await text('#row-status')).toBe('kept');
  await expect.poll(() => errors.length).toBe(1);
  expect(errors[0]).toContain('KN_ERR_VIEW_HANDLER');
  errors.length = 0;
});

it('server patches wait while an optimistic event is in flight, and land with its reply', async () => {
  await open();
  await page.click('#ticking');
  await expect.poll(async () => Number(await text('#status'))).toBeGreaterThan(3);
  proxy.latencyMs = 150;
  // Each batch of changes to #status, with whether the slow event was still in flight.
  await page.evaluate(() => {
    const w = window as unknown as { seen: [string, boolean][] };
    const status = document.querySelector('#status') as HTMLElement;
    const button = document.querySelector('#slow') as HTMLElement;
    w.seen = [];
    new MutationObserver(() => {
      w.seen.push([status.textContent ?? '', button.classList.contains('lv-click-loading')]);
    }).observe(status, { childList: true, characterData: true, subtree: true });
    button.click();
  });
  await expect.poll(() => page.getAttribute('#slow', 'class'), { timeout: 5_000 }).toBe('');
  await expect.poll(async () => Number(await text('#status'))).toBeGreaterThan(0);
  const seen = await page.evaluate(() => (window as unknown as { seen: [string, boolean][] }).seen);
  const inFlight = seen.filter(([, loading]) => loading).map(([value]) => value);
  // Ticks kept coming from the server for 300 ms; none touched the optimistic text meanwhile.
  expect(inFlight).toEqual(['saving…']);
  expect(seen.length).toBeGreaterThan(1);
  expect(Number(seen.at(-1)?.[0])).toBeGreaterThan(0);
});
