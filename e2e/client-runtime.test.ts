/**
 * The browser runtime on its own, in Chromium, against a small server that speaks the
 * live protocol with the real diff engine (no @kinetic/core): what the page shows and
 * which frames cross the wire are both asserted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  diff,
  each,
  encodePatch,
  encodeTree,
  html,
  type RenderedNode,
  raw,
  renderToString,
} from '@kinetic/diff';
import type { ClientFrame, EventFrame, ServerFrame } from '@kinetic/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { launchBrowser, newPage } from './support/browser.js';

const RUNTIME_PATH = new URL('../packages/client/dist/kinetic.min.js', import.meta.url);
if (!existsSync(RUNTIME_PATH)) {
  throw new Error(
    `${RUNTIME_PATH.pathname} is missing: build the client first (pnpm --filter @kinetic/client build).`,
  );
}
const RUNTIME = readFileSync(RUNTIME_PATH, 'utf8');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------
// The test server: views are plain state machines rendered with `html`.

type Payload = Record<string, unknown>;
interface Outcome<S> {
  state?: S;
  reply?: unknown;
  fail?: string;
}
interface TestView<S> {
  head?: string;
  mount(token: string): S;
  render(state: S): RenderedNode;
  /** How long the server "works" on an event before handling it. */
  delayMs?(event: string): number;
  handleEvent?(event: string, payload: Payload, state: S, target?: string): Outcome<S>;
  handleParams?(url: URL, state: S): S;
}
const view = <S>(definition: TestView<S>) => definition as unknown as TestView<unknown>;

/** One joined view on one connection. */
class Session {
  constructor(
    readonly conn: Connection,
    readonly id: number,
    readonly token: string,
    readonly definition: TestView<unknown>,
    public tree: RenderedNode,
  ) {}

  get state(): unknown {
    return this.conn.server.states.get(this.token);
  }

  /** Moves to a new state and returns the wire patch for it (undefined when nothing changed). */
  rerender(state: unknown): { p: unknown; s?: unknown } | undefined {
    this.conn.server.states.set(this.token, state);
    const next = this.definition.render(state);
    const patch = diff(this.tree, next);
    this.tree = next;
    return patch === null ? undefined : encodePatch(patch, this.conn.sent);
  }

  /** A server-side update (a timer, pubsub): sends a `d` frame. */
  push<S>(update: (state: S) => S): void {
    const out = this.rerender(update(this.state as S));
    if (out) this.conn.send(['d', this.id, out.p, ...(out.s ? [out.s] : [])] as never);
  }
}

let sessionIds = 0;

/**
 * One WebSocket, and one session: this server never resumes, so every connection's hello
 * starts a new session and the client joins its views again.
 */
class Connection {
  readonly frames: ClientFrame[] = [];
  readonly raw: string[] = [];
  readonly out: ServerFrame[] = [];
  readonly sent = new Set<string>();
  readonly sessions = new Map<number, Session>();
  readonly sid = `session-${++sessionIds}`;
  /** The query the client connected with; a reconnect carries `sid` and `ack`. */
  readonly query: URLSearchParams;
  private queue = Promise.resolve();

  constructor(
    readonly ws: WebSocket,
    readonly server: TestServer,
    url: string,
  ) {
    this.query = new URL(url, 'http://localhost').searchParams;
    ws.send(JSON.stringify(['s', this.sid, 0, 0, 1]));
    ws.on('message', (data) => {
      const text = String(data);
      const frame = JSON.parse(text) as ClientFrame;
      this.raw.push(text);
      this.frames.push(frame);
      // One request at a time, as a real session does: replies keep the order of requests.
      this.queue = this.queue.then(() => this.handle(frame));
    });
  }

  send(frame: ServerFrame): void {
    this.out.push(frame);
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(frame));
  }

  events(name?: string) {
    return this.frames.filter(
      (f): f is EventFrame => f[0] === 'e' && (name === undefined || f[3] === name),
    );
  }

  /** The session of the view named `name` (the page's root view by default). */
  session(name?: string): Session {
    for (const session of this.sessions.values()) {
      if (name === undefined || session.token.startsWith(`${name}:`)) return session;
    }
    throw new Error(`no session ${name ?? ''}`);
  }

  private async handle(frame: ClientFrame): Promise<void> {
    switch (frame[0]) {
      case 'j': {
        const [, ref, id, { k: token }] = frame;
        const definition = this.server.views[token.split(':')[0] ?? ''];
        if (!definition) return this.send(['x', ref, 'KN_ERR_TEST_NO_VIEW', token, id]);
        let state = this.server.states.get(token) ?? definition.mount(token);
        const url = new URL(frame[3].u);
        if (definition.handleParams) state = definition.handleParams(url, state);
        this.server.states.set(token, state);
        const tree = definition.render(state);
        this.sessions.set(id, new Session(this, id, token, definition, tree));
        const { t, s } = encodeTree(tree, this.sent);
        return this.send(['r', ref, s ? { t, s } : { t }]);
      }
      case 'e':
      case 'u': {
        const ref = frame[1];
        const session = this.sessions.get(frame[2]);
        if (!session) return this.send(['x', ref, 'KN_ERR_TEST_NO_SESSION', 'not joined']);
        const { definition } = session;
        if (frame[0] === 'e') await sleep(definition.delayMs?.(frame[3]) ?? 0);
        const outcome: Outcome<unknown> =
          frame[0] === 'u'
            ? { state: definition.handleParams?.(new URL(frame[3]), session.state) }
            : (definition.handleEvent?.(frame[3], frame[4] ?? {}, session.state, frame[5]) ?? {});
        if (outcome.fail)
          return this.send(['x', ref, 'KN_ERR_TEST_FAILED', outcome.fail, session.id]);
        const out = this.rerender(session, outcome.state);
        if (outcome.reply !== undefined) {
          return this.send([
            'r',
            ref,
            (out?.p ?? 0) as never,
            (out?.s ?? 0) as never,
            outcome.reply,
          ]);
        }
        if (out?.s) return this.send(['r', ref, out.p as never, out.s as never]);
        return this.send(out ? ['r', ref, out.p as never] : ['r', ref]);
      }
      case 'l':
        this.sessions.delete(frame[2]);
        return this.send(['r', frame[1]]);
      case 'h':
        return this.send(['r', frame[1]]);
    }
  }

  private rerender(session: Session, state: unknown) {
    return state === undefined ? undefined : session.rerender(state);
  }
}

class TestServer {
  readonly states = new Map<string, unknown>();
  readonly connections: Connection[] = [];
  readonly navigateRequests: string[] = [];
  /** While true, new WebSockets are closed at once (a server that is down). */
  refuse = false;
  private tokens = 0;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  base = '';

  constructor(readonly views: Record<string, TestView<unknown>>) {
    this.http = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/kinetic.min.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        return res.end(RUNTIME);
      }
      if (url.pathname === '/favicon.ico') return res.writeHead(204).end();
      if (req.headers['x-kinetic-navigate'] === '1') this.navigateRequests.push(url.pathname);
      const name = url.pathname.slice(1);
      const definition = this.views[name];
      if (!definition) {
        res.writeHead(404);
        return res.end('not found');
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(this.page(name, definition, url));
    });
    this.wss = new WebSocketServer({
      server: this.http,
      path: '/_kinetic/live/websocket',
      verifyClient: () => !this.refuse,
    });
    this.wss.on('connection', (ws, request) => {
      this.connections.push(new Connection(ws, this, request.url ?? '/'));
    });
  }

  /** A fresh token per page load: each page gets its own state, a reconnect resumes it. */
  token(name: string): string {
    return `${name}:${++this.tokens}`;
  }

  page(name: string, definition: TestView<unknown>, url: URL): string {
    const token = this.token(name);
    let state = definition.mount(token);
    if (definition.handleParams) state = definition.handleParams(url, state);
    this.states.set(token, state);
    const body = renderToString(definition.render(state));
    return `<!doctype html><html><head><meta charset="utf-8">
<meta name="kinetic-csrf" content="csrf-e2e"><title>${name}</title>${definition.head ?? ''}</head>
<body><div id="root-${name}" data-live-view="${name}" data-lv-token="${token}">${body}</div>
<script src="/kinetic.min.js"></script></body></html>`;
  }

  last(): Connection {
    const conn = this.connections.at(-1);
    if (!conn) throw new Error('no connection yet');
    return conn;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    await new Promise((resolve) => this.http.close(resolve));
  }
}

// ---------------------------------------------------------------------------------------
// The views under test.

const counter = view({
  mount: () => ({ count: 0 }),
  render: ({ count }) => html`<p id="count">${count}</p>
<button id="inc" lv-click="inc">+</button>
<button id="slow" lv-click="slow">slow +</button>
<button id="boom" lv-click="boom">boom</button>`,
  delayMs: (event) => (event === 'slow' ? 600 : 0),
  handleEvent(event, _payload, { count }) {
    if (event === 'boom') return { fail: 'the boom handler failed on purpose' };
    return { state: { count: count + 1 } };
  },
});

const typing = view({
  mount: () => ({ text: '', tick: 0 }),
  render: ({ text, tick }) => html`<p id="tick">tick ${tick}</p>
<input id="name" name="name" lv-input="typed" value="${text}" data-tick="${tick}">
<p id="echo">${text}</p>`,
  delayMs: () => 120,
  handleEvent: (_event, payload, state) => ({ state: { ...state, text: String(payload.value) } }),
});

const search = view({
  mount: () => ({ q: '' }),
  render: ({ q }) => html`<input id="q" name="q" lv-change="search" lv-debounce="200">
<p id="result">${q}</p>`,
  handleEvent: (_event, payload) => ({ state: { q: String(payload.value) } }),
});

const form = view({
  mount: () => ({ title: '', status: 'new' }),
  render: ({ title, status }) => html`<form id="f" lv-change="validate" lv-submit="save">
<input id="title" name="title" lv-debounce="1000" value="${title}">
<select id="kind" name="kind"><option value="a">A</option><option value="b" selected>B</option></select>
<input type="checkbox" id="t1" name="tags" value="x" checked>
<input type="checkbox" id="t2" name="tags" value="y">
<input type="checkbox" id="t3" name="tags" value="z" checked>
<input type="checkbox" id="flag" name="flag" value="on">
<button id="save" type="submit" lv-disable-with="Saving...">Save</button>
</form><p id="status">${status}</p>`,
  delayMs: (event) => (event === 'save' ? 500 : 0),
  handleEvent(event, payload, state) {
    if (event === 'validate') return { state: { ...state, title: String(payload.title) } };
    return { state: { title: '', status: `saved ${String(payload.title)}` } };
  },
});

const PINGER_SCRIPT = `<script>
window.KineticHooks = { Pinger: {
  mounted() {
    document.body.dataset.mounted = this.el.id;
    this.handleEvent('ping', (p) => {
      document.body.dataset.ping = String(p.n);
      this.pushEvent('pong', { n: p.n }).then((reply) => { document.body.dataset.reply = JSON.stringify(reply); });
    });
  },
  disconnected() { document.body.dataset.hookDisconnected = 'yes'; },
  reconnected() { document.body.dataset.hookReconnected = 'yes'; },
} };
addEventListener('lv:ping', (e) => { document.body.dataset.windowPing = String(e.detail.n); });
</script>`;

const pinger = view({
  head: PINGER_SCRIPT,
  mount: () => ({ pongs: 0 }),
  render: ({ pongs }) =>
    html`<div id="pinger" lv-hook="Pinger">hooked</div><p id="pongs">${pongs}</p>`,
  handleEvent: (_event, payload, { pongs }) => ({
    state: { pongs: pongs + 1 },
    reply: { ok: Number(payload.n) * 2 },
  }),
});

interface Row {
  id: number;
  text: string;
}
const row = (r: Row) => html`<li id="row-${r.id}">${r.text}</li>`;
const feedRow = (r: Row) => html`<li id="feed-${r.id}">${r.text}</li>`;
const stream = view({
  mount: () => ({
    batch: [
      { id: 1, text: 'one' },
      { id: 2, text: 'two' },
    ] as Row[],
  }),
  render: ({ batch }) => html`<ul id="rows" lv-update="append">${each(batch, (r) => r.id, row)}</ul>
<ul id="feed" lv-update="prepend">${each(batch, (r) => r.id, feedRow)}</ul>
<button id="more" lv-click="more">more</button><button id="edit" lv-click="edit">edit</button>`,
  handleEvent: (event) =>
    event === 'more'
      ? {
          state: {
            batch: [
              { id: 3, text: 'three' },
              { id: 4, text: 'four' },
            ],
          },
        }
      : { state: { batch: [{ id: 1, text: 'one (edited)' }] } },
});

const item = (i: Row) => html`<li id="item-${i.id}">${i.text}</li>`;
const keyed = view({
  mount: () => ({ items: [1, 2, 3, 4, 5].map((id) => ({ id, text: `item ${id}` })) }),
  render: ({ items }) => html`<ul id="items">${each(items, (i) => i.id, item)}</ul>
<button id="reverse" lv-click="reverse">reverse</button><button id="rotate" lv-click="rotate">rotate</button>
<button id="remove" lv-click="remove">remove odd</button><button id="insert" lv-click="insert">insert</button>`,
  handleEvent(event, _payload, { items }) {
    if (event === 'reverse') return { state: { items: [...items].reverse() } };
    if (event === 'rotate') return { state: { items: [...items.slice(1), ...items.slice(0, 1)] } };
    if (event === 'remove') return { state: { items: items.filter((i) => i.id % 2 === 0) } };
    return { state: { items: [{ id: 9, text: 'item 9' }, ...items] } };
  },
});

const editRow = (i: Row) =>
  html`<li id="edit-row-${i.id}"><label>${i.text}</label><input id="edit-${i.id}" value="${i.text}"></li>`;
const editable = view({
  mount: () => ({ items: [1, 2, 3, 4, 5].map((id) => ({ id, text: `item ${id}` })) }),
  render: ({ items }) => html`<ul id="edit-rows">${each(items, (i) => i.id, editRow)}</ul>`,
});

const parent = view({
  mount: (token) => ({ count: 0, child: `child:${token.split(':')[1]}` }),
  render: ({ count, child }) => html`<p id="parent-count">${count}</p>
<button id="parent-inc" lv-click="inc">parent +</button>
<div id="nested" data-live-view="child" data-lv-token="${child}">${raw('<p>loading</p>')}</div>`,
  handleEvent: (_event, _payload, state) => ({ state: { ...state, count: state.count + 1 } }),
});
const child = view({
  mount: () => ({ count: 0 }),
  render: ({ count }) =>
    html`<p id="child-count">${count}</p><button id="child-inc" lv-click="inc">child +</button>`,
  handleEvent: (_event, _payload, { count }) => ({ state: { count: count + 1 } }),
});

const paged = view({
  mount: () => ({ page: '1' }),
  render: ({ page }) => html`<p id="page">page ${page}</p>
<a id="to-2" href="/paged?page=2" lv-patch>2</a> <a id="to-3" href="/paged?page=3" lv-patch>3</a>
<a id="away" href="/other" lv-navigate>other view</a>`,
  handleParams: (url) => ({ page: url.searchParams.get('page') ?? '1' }),
});
const other = view({
  mount: () => ({ count: 0 }),
  render: ({ count }) =>
    html`<h1 id="other">other view</h1><p id="other-count">${count}</p><button id="other-inc" lv-click="inc">+</button>`,
  handleEvent: (_event, _payload, { count }) => ({ state: { count: count + 1 } }),
});

const keys = view({
  mount: () => ({ log: [] as string[] }),
  render: ({
    log,
  }) => html`<input id="k" lv-keydown="key" lv-key="Enter" lv-target="7" lv-value-kind="box">
<span lv-window-keyup="wkey" lv-key="escape"></span><p id="log">${log.join(',')}</p>`,
  handleEvent: (event, payload, { log }, target) => ({
    state: { log: [...log, `${event}:${String(payload.key)}:${target ?? '-'}`] },
  }),
});

// ---------------------------------------------------------------------------------------

let browser: Browser;
let server: TestServer;
let page: Page;
let errors: string[];

beforeAll(async () => {
  server = new TestServer({
    counter,
    typing,
    search,
    form,
    pinger,
    stream,
    keyed,
    editable,
    parent,
    child,
    paged,
    other,
    keys,
  });
  await server.listen();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
afterEach(async () => {
  await page?.close();
});

/** Opens a view's page and waits until it has joined; returns its connection. */
async function open(name: string, query = ''): Promise<Connection> {
  ({ page, errors } = await newPage(browser));
  await page.goto(`${server.base}/${name}${query}`);
  await page.waitForSelector(`#root-${name}.lv-connected`);
  return server.last();
}

const texts = (selector: string) =>
  page.$$eval(selector, (els) => els.map((el) => el.textContent ?? ''));

describe('events', () => {
  it('clicking + ten times rapidly shows 10 and sends exactly 10 small event frames', async () => {
    const conn = await open('counter');
    for (let i = 0; i < 10; i++) await page.click('#inc', { delay: 0 });
    await expect.poll(() => page.textContent('#count')).toBe('10');
    expect(conn.events('inc')).toHaveLength(10);
    const clicks = conn.raw.filter((text) => text.startsWith('["e"'));
    for (const text of clicks) expect(text.length).toBeLessThanOrEqual(30);
    expect(errors).toEqual([]);
  });

  it('the lv-click-loading class stays while the reply is delayed and clears after it', async () => {
    await open('counter');
    await page.click('#slow');
    expect(await page.getAttribute('#slow', 'class')).toContain('lv-click-loading');
    await sleep(300);
    expect(await page.getAttribute('#slow', 'class')).toContain('lv-click-loading');
    expect(await page.textContent('#count')).toBe('0');
    await expect.poll(() => page.textContent('#count')).toBe('1');
    expect(await page.getAttribute('#slow', 'class')).not.toContain('lv-click-loading');
  });

  it('an x frame marks the root lv-error, and the next good reply clears it', async () => {
    const conn = await open('counter');
    await page.click('#boom');
    await page.waitForSelector('#root-counter.lv-error');
    expect(errors.join('\n')).toContain('KN_ERR_TEST_FAILED');
    await page.click('#inc');
    await page.waitForSelector('#root-counter.lv-connected:not(.lv-error)');
    expect(await page.textContent('#count')).toBe('1');
    expect(conn.events()).toHaveLength(2);
  });

  it('lv-keydown honours lv-key and lv-target; lv-window-keyup listens on window', async () => {
    const conn = await open('keys');
    await page.click('#k');
    await page.keyboard.type('ab');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.textContent('#log')).toBe('key:Enter:7,wkey:Escape:-');
    const [keydown] = conn.events('key');
    expect(keydown?.slice(3)).toEqual(['key', { key: 'Enter', value: 'ab', kind: 'box' }, '7']);
    expect(conn.events()).toHaveLength(2);
  });
});

describe('typing', () => {
  it('a focused input keeps every character and its caret while d frames update the page', async () => {
    const conn = await open('typing');
    const session = conn.session();
    const ticker = setInterval(
      () => session.push((s: { text: string; tick: number }) => ({ ...s, tick: s.tick + 1 })),
      50,
    );
    try {
      await page.click('#name');
      const text = 'Kinetic keeps every keystroke';
      await page.keyboard.type(text, { delay: 15 });
      expect(await page.inputValue('#name')).toBe(text);
      // The slow echo catches up while ticks keep arriving.
      await expect.poll(() => page.textContent('#echo'), { timeout: 15_000 }).toBe(text);
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
      const tickBefore = await page.getAttribute('#name', 'data-tick');
      await sleep(400);
      expect(await page.getAttribute('#name', 'data-tick')).not.toBe(tickBefore);
      const caret = await page.$eval('#name', (el) => {
        const input = el as HTMLInputElement;
        return [input.selectionStart, input.selectionEnd];
      });
      expect(caret).toEqual([text.length - 3, text.length - 3]);
      await page.keyboard.type('X');
      const expected = `${text.slice(0, -3)}X${text.slice(-3)}`;
      expect(await page.inputValue('#name')).toBe(expected);
      await expect.poll(() => page.textContent('#echo'), { timeout: 5000 }).toBe(expected);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('name');
      expect(Number(await page.getAttribute('#name', 'data-tick'))).toBeGreaterThan(20);
    } finally {
      clearInterval(ticker);
    }
  });

  it('lv-debounce="200" sends one event for a burst of typing', async () => {
    const conn = await open('search');
    await page.click('#q');
    await page.keyboard.type('kinetic', { delay: 30 });
    await expect.poll(() => page.textContent('#result')).toBe('kinetic');
    await sleep(400);
    expect(conn.events('search').map((f) => f[4])).toEqual([{ value: 'kinetic', name: 'q' }]);
  });
});

describe('forms', () => {
  it('lv-change sends every field with _target; submit flushes the debounced change', async () => {
    const conn = await open('form');
    await page.click('#t2');
    await expect.poll(() => conn.events('validate').length).toBe(1);
    expect(conn.events('validate')[0]?.[4]).toEqual({
      title: '',
      kind: 'b',
      tags: ['x', 'y', 'z'],
      _target: 'tags',
    });
    await page.click('#title');
    await page.keyboard.type('abc');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#f.lv-submit-loading');
    expect(await page.isDisabled('#save')).toBe(true);
    expect(await page.textContent('#save')).toBe('Saving...');
    const [, typed] = conn.events('validate');
    expect(typed?.[4]).toEqual({
      title: 'abc',
      kind: 'b',
      tags: ['x', 'y', 'z'],
      _target: 'title',
    });
    expect(conn.events('validate')).toHaveLength(2);
    expect(conn.events('save')[0]?.[4]).toEqual({ title: 'abc', kind: 'b', tags: ['x', 'y', 'z'] });
    await expect.poll(() => page.textContent('#status')).toBe('saved abc');
    expect(await page.isDisabled('#save')).toBe(false);
    expect(await page.textContent('#save')).toBe('Save');
    expect(await page.getAttribute('#f', 'class')).not.toContain('lv-submit-loading');
    // The server rendered an empty title after saving: the field shows it.
    expect(await page.inputValue('#title')).toBe('');
    expect(conn.events()).toHaveLength(3);
  });
});

describe('server pushes and hooks', () => {
  it('a p frame reaches the hook and window; the hook pushEvent resolves with the reply', async () => {
    const conn = await open('pinger');
    await expect.poll(() => page.evaluate(() => document.body.dataset.mounted)).toBe('pinger');
    const session = conn.session();
    conn.send(['p', session.id, 'ping', { n: 21 }]);
    await expect.poll(() => page.evaluate(() => document.body.dataset.reply)).toBe('{"ok":42}');
    expect(await page.evaluate(() => document.body.dataset.ping)).toBe('21');
    expect(await page.evaluate(() => document.body.dataset.windowPing)).toBe('21');
    await expect.poll(() => page.textContent('#pongs')).toBe('1');
    expect(conn.events('pong')[0]?.[4]).toEqual({ n: 21 });
  });
});

describe('lists', () => {
  it('lv-update="append" and "prepend" add new rows and update known ones in place', async () => {
    await open('stream');
    expect(await texts('#rows li')).toEqual(['one', 'two']);
    await page.click('#more');
    await expect.poll(() => texts('#rows li')).toEqual(['one', 'two', 'three', 'four']);
    expect(await texts('#feed li')).toEqual(['three', 'four', 'one', 'two']);
    await page.click('#edit');
    await expect.poll(() => texts('#rows li')).toEqual(['one (edited)', 'two', 'three', 'four']);
    expect(await texts('#feed li')).toEqual(['three', 'four', 'one (edited)', 'two']);
  });

  it('keyed moves, removals and inserts keep the rows right and reuse their nodes', async () => {
    const conn = await open('keyed');
    await page.$$eval('#items li', (els) => {
      for (const el of els) (el as unknown as { mark: string }).mark = el.id;
    });
    const marks = () =>
      page.$$eval('#items li', (els) =>
        els.map((el) => (el as unknown as { mark?: string }).mark === el.id),
      );
    for (const [event, expected] of [
      ['reverse', [5, 4, 3, 2, 1]],
      ['rotate', [4, 3, 2, 1, 5]],
      ['remove', [4, 2]],
      ['insert', [9, 4, 2]],
    ] as const) {
      await page.click(`#${event}`);
      await expect.poll(() => texts('#items li')).toEqual(expected.map((id) => `item ${id}`));
    }
    expect(await marks()).toEqual([false, true, true]);
    const replies = conn.out.filter((f) => f[0] === 'r' && JSON.stringify(f).includes('"m"'));
    expect(replies.length).toBeGreaterThanOrEqual(2);
  });

  it('a focused field in a keyed row keeps focus, text and caret while rows move around it', async () => {
    const conn = await open('editable');
    await page.click('#edit-4');
    await page.keyboard.press('End');
    await page.keyboard.type(' draft');
    const session = conn.session();
    const steps: Array<(items: Row[]) => Row[]> = [
      (items) => [...items].reverse(),
      (items) => items.filter((i) => i.id !== 5 && i.id !== 3),
      (items) => [{ id: 7, text: 'item 7' }, ...items],
      (items) => [...items.slice(1), ...items.slice(0, 1)],
    ];
    for (const step of steps) {
      let expected: string[] = [];
      session.push((s: { items: Row[] }) => {
        const items = step(s.items);
        expected = items.map((i) => i.text);
        return { items };
      });
      await expect.poll(() => texts('#edit-rows label')).toEqual(expected);
      const state = await page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement;
        return [el.id, el.value, el.selectionStart];
      });
      expect(state).toEqual(['edit-4', 'item 4 draft', 'item 4 draft'.length]);
    }
  });
});

describe('nested views', () => {
  it('a nested view joins on its own and the parent never touches its content', async () => {
    const conn = await open('parent');
    await page.waitForSelector('#nested.lv-connected');
    const joins = conn.frames.filter((f) => f[0] === 'j');
    expect(new Set(joins.map((f) => f[2])).size).toBe(2);
    await page.click('#child-inc');
    await expect.poll(() => page.textContent('#child-count')).toBe('1');
    await page.click('#parent-inc');
    await expect.poll(() => page.textContent('#parent-count')).toBe('1');
    expect(await page.textContent('#child-count')).toBe('1');
    const [parentEvent, childEvent] = [conn.events('inc')[1], conn.events('inc')[0]];
    expect(parentEvent?.[2]).not.toBe(childEvent?.[2]);
  });
});

describe('navigation', () => {
  it('lv-patch pushes the URL and sends u frames; back and forward patch again', async () => {
    const conn = await open('paged');
    await page.click('#to-2');
    await expect.poll(() => page.textContent('#page')).toBe('page 2');
    expect(new URL(page.url()).search).toBe('?page=2');
    await page.click('#to-3');
    await expect.poll(() => page.textContent('#page')).toBe('page 3');
    await page.goBack();
    await expect.poll(() => page.textContent('#page')).toBe('page 2');
    await page.goBack();
    await expect.poll(() => page.textContent('#page')).toBe('page 1');
    await page.goForward();
    await expect.poll(() => page.textContent('#page')).toBe('page 2');
    const urls = conn.frames.filter((f) => f[0] === 'u').map((f) => new URL(f[3] as string).search);
    expect(urls).toEqual(['?page=2', '?page=3', '?page=2', '', '?page=2']);
    expect(server.navigateRequests).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('lv-navigate swaps the view without a page load; back navigates live again', async () => {
    const conn = await open('paged');
    await page.evaluate(() => {
      (window as unknown as { loaded: boolean }).loaded = true;
    });
    await page.click('#away');
    await page.waitForSelector('#root-other.lv-connected');
    expect(new URL(page.url()).pathname).toBe('/other');
    expect(await page.title()).toBe('other');
    expect(conn.frames.some((f) => f[0] === 'l')).toBe(true);
    await page.click('#other-inc');
    await expect.poll(() => page.textContent('#other-count')).toBe('1');
    await page.goBack();
    await page.waitForSelector('#root-paged.lv-connected');
    expect(await page.textContent('#page')).toBe('page 1');
    // Still the same document: no reload happened.
    expect(await page.evaluate(() => (window as unknown as { loaded?: boolean }).loaded)).toBe(
      true,
    );
    expect(server.navigateRequests).toEqual(['/other', '/paged']);
    expect(server.connections.at(-1)).toBe(conn);
  });
});

describe('connection', () => {
  it('a dropped socket marks lv-disconnected, then the client reconnects and rejoins', async () => {
    const conn = await open('pinger');
    const token = conn.session().token;
    server.refuse = true;
    conn.ws.terminate();
    await page.waitForSelector('#root-pinger.lv-disconnected');
    expect(await page.evaluate(() => document.body.dataset.hookDisconnected)).toBe('yes');
    server.refuse = false;
    await page.waitForSelector('#root-pinger.lv-connected', { timeout: 10_000 });
    const again = server.last();
    expect(again).not.toBe(conn);
    expect(again.session().token).toBe(token);
    // The reconnect asked to resume; this server has no sessions to resume, so it rejoined.
    expect(again.query.get('sid')).toBe(conn.sid);
    expect(Number(again.query.get('ack'))).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.body.dataset.hookReconnected)).toBe('yes');
    // A `c` frame (server going away) makes it reconnect too.
    const before = server.connections.length;
    again.send(['c', 'deploy', 50]);
    await expect.poll(() => server.connections.length).toBeGreaterThan(before);
    await page.waitForSelector('#root-pinger.lv-connected');
    const latest = server.last();
    latest.send(['p', latest.session().id, 'ping', { n: 2 }]);
    await expect.poll(() => page.textContent('#pongs')).toBe('1');
  });
});
