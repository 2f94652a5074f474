import { defineComponent, defineView, html, live } from '@kinetic/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { kinetic } from './index.js';

const SECRET = 'test-secret-0123456789-0123456789-abcdef';

const Counter = defineView({
  name: 'Counter',
  mount: () => ({ count: 0, page: '1' }),
  events: {
    inc: (_p, socket) => {
      socket.update('count', (n) => n + 1);
    },
    boom: (_p, socket) => {
      socket.assign({ count: 999 });
      throw new Error('kaboom');
    },
    ask: () => ({ reply: { answer: 42 } }),
    go: (payload, socket) => {
      socket.patchURL(`/counter?page=${String(payload.page)}`);
    },
    hello: (_p, socket) => {
      socket.pushEvent('greet', { who: 'hook' });
    },
  },
  handleParams: (params, _url, socket) => {
    socket.assign({ page: typeof params.page === 'string' ? params.page : '1' });
  },
  title: ({ count }) => `Count ${count}`,
  render: ({ count, page }) => html`<p>Count: <b>${count}</b> page ${page}</p>`,
});

const terminated: string[] = [];
const Ticker = defineView({
  name: 'Ticker',
  mount: (_p, _s, socket) => {
    if (socket.connected) socket.every(20, 'tick');
    return { ticks: 0 };
  },
  handleInfo: (_m: 'tick', socket) => {
    socket.update('ticks', (n) => n + 1);
  },
  terminate: (reason) => {
    terminated.push(reason);
  },
  render: ({ ticks }) => html`<span>${ticks}</span>`,
});

const Toggle = defineComponent({
  name: 'Toggle',
  mount: (_props: { label: string }) => ({ on: false }),
  events: {
    flip: (_p, socket) => {
      socket.update('on', (on) => !on);
    },
  },
  render: ({ label, on, myself }) =>
    html`<button lv-click="flip" lv-target="${myself}">${label} ${on ? 'on' : 'off'}</button>`,
});

const Panel = defineView({
  name: 'Panel',
  mount: () => ({ title: 'Panel' }),
  render: ({ title }) =>
    html`<h2>${title}</h2>${live(Toggle, { id: 'a', label: 'A' })}${live(Toggle, { id: 'b', label: 'B' })}`,
});

let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  app = Fastify();
  await app.register(kinetic, {
    secret: SECRET,
    graceMs: 100,
    framesPerSecond: 20,
    frameBurst: 40,
    maxFrameBytes: 4096,
  });
  app.live('/counter', Counter).live('/ticker', Ticker).live('/panel', Panel);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await app.close();
});

interface Page {
  token: string;
  csrf: string;
  cookie: string;
  html: string;
}

async function loadPage(path: string): Promise<Page> {
  const response = await fetch(base + path);
  const body = await response.text();
  const token = /data-lv-token="([^"]+)"/.exec(body)?.[1];
  const csrf = /name="kinetic-csrf" content="([^"]+)"/.exec(body)?.[1];
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!token || !csrf || !cookie) throw new Error(`page ${path} lacks token, csrf or cookie`);
  return { token, csrf, cookie, html: body };
}

/** A protocol-speaking client over a real WebSocket. */
class Client {
  readonly frames: unknown[][] = [];
  readonly raw: string[] = [];
  /** Each WebSocket message as received (a frame, or a batch of frames). */
  readonly messages: string[] = [];
  private waiters: Array<() => void> = [];
  closed: { code: number; reason: string } | undefined;
  ref = 0;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(data.toString());
      const message = JSON.parse(data.toString());
      // A step's frames may come batched: an array of frames.
      for (const frame of Array.isArray(message[0]) ? message : [message]) {
        this.raw.push(JSON.stringify(frame));
        this.frames.push(frame);
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async open(page: Page | undefined, headers: Record<string, string> = {}): Promise<Client> {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/_kinetic/live/websocket?vsn=1`, {
      headers: { ...(page ? { cookie: page.cookie } : {}), origin: base, ...headers },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new Client(ws);
  }

  send(frame: unknown[]): string {
    const text = JSON.stringify(frame);
    this.ws.send(text);
    return text;
  }

  async until(predicate: (frame: unknown[]) => boolean): Promise<unknown[]> {
    for (;;) {
      const found = this.frames.find(predicate);
      if (found) return found;
      if (this.closed) throw new Error(`socket closed ${this.closed.code} ${this.closed.reason}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  reply(ref: number) {
    return this.until((f) => (f[0] === 'r' || f[0] === 'x') && f[1] === ref);
  }

  async join(page: Page, view = 1, path = '/counter') {
    const ref = ++this.ref;
    this.send(['j', ref, view, { k: page.token, c: page.csrf, u: base + path, v: 1 }]);
    return this.reply(ref);
  }

  async event(view: number, event: string, payload?: object, target?: string) {
    const ref = ++this.ref;
    const frame: unknown[] = ['e', ref, view, event];
    if (payload) frame.push(payload);
    if (target) frame.push(target);
    this.send(frame);
    return this.reply(ref);
  }
}

describe('the HTTP render', () => {
  it('renders the view with a signed token, a CSRF meta and the client script', async () => {
    const page = await loadPage('/counter?page=3');
    expect(page.html).toContain('data-live-view="Counter"');
    expect(page.html).toContain('<p>Count: <b>0</b> page 3</p>');
    const script = /<script defer src="([^"]+)"/.exec(page.html)?.[1];
    expect(script).toMatch(/^\/_kinetic\/kinetic\.[0-9a-f]{12}\.js$/);
    const asset = await fetch(base + script);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await asset.text()).length).toBeGreaterThan(1000);
  });
});

describe('the WebSocket transport', () => {
  it('joins, and a click comes back as a tiny diff', async () => {
    const page = await loadPage('/counter');
    const client = await Client.open(page);
    const joined = await client.join(page);
    expect(joined[0]).toBe('r');
    expect(JSON.stringify(joined[2])).toContain('Count: ');
    const click = client.send(['e', 12, 1, 'inc']);
    const reply = await client.reply(12);
    expect(reply[0]).toBe('r');
    const replyText = client.raw[client.frames.indexOf(reply)] as string;
    expect(click.length).toBeLessThanOrEqual(30);
    expect(replyText.length).toBeLessThanOrEqual(20);
    expect(replyText).toContain('"1"');
    client.ws.close();
  });

  it('sends the frames of one step as one message: the reply and the new title', async () => {
    const page = await loadPage('/counter');
    expect(page.html).toContain('<title>Count 0</title>');
    const client = await Client.open(page);
    await client.join(page);
    await client.event(1, 'inc');
    expect(client.messages.at(-1)).toBe('[["r",2,{"0":"1"}],["t",1,"Count 1"]]');
    expect((await client.event(1, 'nope'))[0]).toBe('x');
    expect(client.messages.at(-1)).not.toContain('"t"');
    client.ws.close();
  });

  it('refuses a cross-origin WebSocket with 403 before the upgrade', async () => {
    const page = await loadPage('/counter');
    const error = await Client.open(page, { origin: 'https://evil.example' }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toContain('403');
  });

  it('refuses a join whose CSRF token does not match the cookie', async () => {
    const page = await loadPage('/counter');
    const client = await Client.open(page);
    const reply = await client.join({ ...page, csrf: 'x'.repeat(32) });
    expect(reply.slice(0, 3)).toEqual(['x', 1, 'KN_ERR_CSRF']);
    client.ws.close();
  });

  it('refuses a tampered token and a token from another secret', async () => {
    const page = await loadPage('/counter');
    const client = await Client.open(page);
    const [body, mac] = page.token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    claims.v = 'Panel';
    const forged = `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${mac}`;
    expect((await client.join({ ...page, token: forged }))[2]).toBe('KN_ERR_TOKEN_INVALID');
    client.ws.close();
  });

  it('names the event and the view when no handler exists', async () => {
    const page = await loadPage('/counter');
    const client = await Client.open(page);
    await client.join(page);
    const reply = await client.event(1, 'nope');
    expect(reply[2]).toBe('KN_ERR_UNKNOWN_EVENT');
    expect(reply[3]).toContain('"nope"');
    expect(reply[3]).toContain('Counter');
    expect(reply[4]).toBe(1);
    client.ws.close();
  });

  it('keeps the state from before a handler that throws, and the next event works', async () => {
    const page = await loadPage('/counter');
    const client = await Client.open(page);
    await client.join(page);
    const failed = await client.event(1, 'boom');
    expect(failed.slice(0, 3)).toEqual(['x', 1 + 1, 'KN_ERR_VIEW_HANDLER']);
    expect(failed[3]).toContain('kaboom');
    const next = await client.event(1, 'inc');
    expect(next[0]).toBe('r');
    expect(JSON.stringify(next[2])).toContain('"1"');
    client.ws.close();
  });

  it('an error in one session leaves another untouched', async () => {
    const a = await loadPage('/counter');
    const b = await loadPage('/counter');
    const alice = await Client.open(a);
    const bob = await Client.open(b);
    await alice.join(a);
    await bob.join(b);
    await bob.event(1, 'inc');
    await alice.event(1, 'boom');
    const reply = await bob.event(1, 'inc');
    expect(JSON.stringify(reply[2])).toContain('"2"');
    alice.ws.close();
    bob.ws.close();
  });

  it('answers malformed frames with an error and keeps the connection', async () => {
    const page = await loadPage('/counter');
    const client = await Client.open(page);
    client.ws.send('not json');
    client.ws.send('{"a":1}');
    client.ws.send('["zz",5]');
    client.ws.send('["e",6,1]');
    await client.until((f) => f[0] === 'x' && f[1] === 6);
    const codes = client.frames.map((f) => f[2]);
    expect(codes).toEqual([
      'KN_ERR_FRAME_MALFORMED',
      'KN_ERR_FRAME_MALFORMED',
      'KN_ERR_FRAME_UNKNOWN',
      'KN_ERR_FRAME_MALFORMED',
    ]);
    expect((await client.event(9, 'inc'))[2]).toBe('KN_ERR_VIEW_NOT_JOINED');
    client.send(['h', 77]);
    expect(await client.reply(77)).toEqual(['r', 77]);
    client.ws.close();
  });

  it('closes a connection that sends a frame over the size limit, with the code', async () => {
    const page = await loadPage('/counter');
    const client = await Client.open(page);
    await client.join(page);
    client.send(['e', 2, 1, 'inc', { blob: 'x'.repeat(5000) }]);
    await client.until((f) => f[2] === 'KN_ERR_FRAME_TOO_LARGE');
    await new Promise((resolve) => client.ws.once('close', resolve));
    expect(client.closed).toEqual({ code: 1009, reason: 'KN_ERR_FRAME_TOO_LARGE' });
  });

  it('rate-limits a connection that floods events', async () => {
    const page = await loadPage('/counter');
    const client = await Client.open(page);
    await client.join(page);
    for (let i = 0; i < 60; i++) client.send(['e', 100 + i, 1, 'inc']);
    await client.until((f) => f[1] === 159);
    const limited = client.frames.filter((f) => f[2] === 'KN_ERR_RATE_LIMITED');
    expect(limited.length).toBeGreaterThan(10);
    client.ws.close();
  });

  it('pushes timer updates, and ends the view once the socket is gone past the grace period', async () => {
    const page = await loadPage('/ticker');
    const client = await Client.open(page);
    await client.join(page, 1, '/ticker');
    await client.until((f) => f[0] === 'd' && JSON.stringify(f[2]).includes('"3"'));
    client.ws.close();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(terminated).not.toContain('disconnect');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(terminated).toContain('disconnect');
  });

  it('routes lv-target events to the right live component', async () => {
    const page = await loadPage('/panel');
    expect(page.html).toContain('data-lv-component="a"');
    const client = await Client.open(page);
    await client.join(page, 1, '/panel');
    const reply = await client.event(1, 'flip', {}, 'b');
    const patch = JSON.stringify(reply[2]);
    expect(patch).toContain('on');
    expect(patch).not.toContain('A ');
    expect((await client.event(1, 'flip', {}, 'zz'))[2]).toBe('KN_ERR_UNKNOWN_COMPONENT');
    client.ws.close();
  });

  it('patchURL sends a goto frame and runs handleParams; replies carry hook values and pushes', async () => {
    const page = await loadPage('/counter');
    const client = await Client.open(page);
    await client.join(page);
    const reply = await client.event(1, 'go', { page: 7 });
    expect(JSON.stringify(reply[2])).toContain('7');
    expect(await client.until((f) => f[0] === 'g')).toEqual(['g', 1, 'p', '/counter?page=7']);
    expect((await client.event(1, 'ask'))[4]).toEqual({ answer: 42 });
    await client.event(1, 'hello');
    expect(await client.until((f) => f[0] === 'p')).toEqual(['p', 1, 'greet', { who: 'hook' }]);
    const ref = ++client.ref;
    client.send(['u', ref, 1, `${base}/counter?page=9`]);
    expect(JSON.stringify((await client.reply(ref))[2])).toContain('9');
    client.ws.close();
  });

  it('multiplexes two views on one connection', async () => {
    const a = await loadPage('/counter');
    const b = await loadPage('/ticker');
    const client = await Client.open(a);
    await client.join(a, 1, '/counter');
    // Both pages were rendered for this browser's cookie? No: each load set its own; reuse a's cookie.
    const sameCookie = { ...b, cookie: a.cookie };
    const bPage = await fetch(`${base}/ticker`, { headers: { cookie: a.cookie } }).then((r) =>
      r.text(),
    );
    const token = /data-lv-token="([^"]+)"/.exec(bPage)?.[1] as string;
    await client.join({ ...sameCookie, token, csrf: a.csrf }, 2, '/ticker');
    await client.until((f) => f[0] === 'd' && f[1] === 2);
    const reply = await client.event(1, 'inc');
    expect(JSON.stringify(reply[2])).toContain('"1"');
    client.ws.close();
  });
});
