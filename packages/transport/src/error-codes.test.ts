// Each error a server can give a live client, or an app author at startup, triggered the way
// it happens for real: a listening Fastify app, real WebSockets and fetches, a user's view.
// The assertion is the code the user gets (in the `x` frame, the close reason, the HTTP body
// or the thrown error) and, where it matters, that the message says what to do.
import { Writable } from 'node:stream';
import { defineComponent, defineView, html, live, liveRender } from '@kinetic/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LiveClient, loadPage } from '../test/live-client.js';
import { type KineticOptions, kinetic } from './index.js';

const SECRET = 'error-codes-test-secret-Qm4v-8Rt2-Lx6p-Wn3k-Jd9s';

const Counter = defineView({
  name: 'Counter',
  mount: () => ({ count: 0 }),
  events: {
    inc: (_p, socket) => {
      socket.update('count', (n) => n + 1);
    },
  },
  render: ({ count }) => html`<p>Count: <b>${count}</b></p>`,
});

const running: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});

interface Started {
  readonly app: FastifyInstance;
  readonly base: string;
  readonly logs: () => string;
}

async function start(
  routes: (app: FastifyInstance) => void,
  options: Partial<KineticOptions> = {},
  fastify: { return503OnClosing?: boolean } = {},
): Promise<Started> {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = Fastify({ logger: { level: 'info', stream }, ...fastify });
  running.push(app);
  await app.register(kinetic, { secret: SECRET, ...options });
  routes(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { app, base: `http://127.0.0.1:${port}`, logs: () => lines.join('') };
}

const counterApp = (options: Partial<KineticOptions> = {}) =>
  start((app) => app.live('/', Counter), options);

type SocketOutcome =
  | { readonly refused: number; readonly body: { code?: string; message?: string } }
  | { readonly frames: unknown[][]; readonly close: [number, string] };

/** Opens a live WebSocket and reports how it ended: refused at the upgrade, or closed. */
function socketOutcome(url: string, headers: Record<string, string>): Promise<SocketOutcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    const frames: unknown[][] = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
    ws.on('close', (code, reason) => resolve({ frames, close: [code, reason.toString()] }));
    ws.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () =>
        resolve({ refused: response.statusCode ?? 0, body: JSON.parse(body) }),
      );
    });
    ws.on('error', () => {});
  });
}

const wsUrl = (base: string, query = 'vsn=1') =>
  `${base.replace('http', 'ws')}/_kinetic/live/websocket?${query}`;

async function joinedClient(base: string) {
  const page = await loadPage(base, '/');
  const client = new LiveClient(base, 'websocket', page.cookie);
  await client.connect();
  const reply = await client.join(page, 1, '/');
  expect(reply[0]).toBe('r');
  return { page, client };
}

describe('live connections are refused with a code', () => {
  it('KN_ERR_ORIGIN: a page of another site may not open a live connection', async () => {
    const { base, logs } = await counterApp();
    const outcome = await socketOutcome(wsUrl(base), { origin: 'https://evil.example' });
    expect(outcome).toMatchObject({ refused: 403, body: { code: 'KN_ERR_ORIGIN' } });
    expect('body' in outcome && outcome.body.message).toContain('https://evil.example');
    expect('body' in outcome && outcome.body.message).toContain('origins option');

    const poll = await fetch(`${base}/_kinetic/live/poll?vsn=1&hello=1`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(poll.status).toBe(403);
    expect((await poll.json()).code).toBe('KN_ERR_ORIGIN');
    expect(logs()).toContain('KN_ERR_ORIGIN');

    // An origin the app lists is let in.
    const listed = await counterApp({ origins: ['https://app.example'] });
    const allowed = await fetch(`${listed.base}/_kinetic/live/poll?vsn=1&hello=1`, {
      headers: { origin: 'https://app.example' },
    });
    expect(allowed.status).toBe(200);
  });

  it('KN_ERR_PROTOCOL_VERSION: a client of another protocol version is told to reload', async () => {
    const { base } = await counterApp();
    // At the connection: the version in the URL.
    const poll = await fetch(`${base}/_kinetic/live/poll?vsn=99&hello=1`, {
      headers: { origin: base },
    });
    expect(poll.status).toBe(400);
    const body = await poll.json();
    expect(body.code).toBe('KN_ERR_PROTOCOL_VERSION');
    expect(body.message).toContain('Reload the page');

    // At the join: the version in the payload.
    const page = await loadPage(base, '/');
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    const reply = await client.request([
      'j',
      1,
      { k: page.token, c: page.csrf, u: `${base}/`, v: 99 },
    ]);
    expect(reply.slice(0, 3)).toEqual(['x', 1, 'KN_ERR_PROTOCOL_VERSION']);
    expect(reply[3]).toContain('Reload the page');
    client.kill();
  });

  it('KN_ERR_JOIN_TIMEOUT: a connection that joins no view in time is closed', async () => {
    const { base } = await counterApp({ joinTimeoutMs: 150 });
    const outcome = await socketOutcome(wsUrl(base), { origin: base });
    expect(outcome).toMatchObject({ close: [1008, 'KN_ERR_JOIN_TIMEOUT'] });
  });

  it('KN_ERR_SHUTTING_DOWN: a server that is closing takes no new live connection', async () => {
    let release: () => void = () => {};
    let started: () => void = () => {};
    const working = new Promise<void>((resolve) => {
      started = resolve;
    });
    const Slow = defineView({
      name: 'Slow',
      mount: () => ({ done: false }),
      events: {
        work: async (_p, socket) => {
          await new Promise<void>((resolve) => {
            release = resolve;
            started();
          });
          socket.assign({ done: true });
        },
      },
      render: ({ done }) => html`<p>${done ? 'done' : 'working'}</p>`,
    });
    // return503OnClosing: false lets requests reach Kinetic while Fastify closes.
    const { app, base } = await start((a) => a.live('/', Slow), {}, { return503OnClosing: false });
    const { client } = await joinedClient(base);
    const answered = client.event(1, 'work');
    await working;
    // The shutdown waits for the event in progress, refusing newcomers meanwhile.
    const closing = app.close();
    running.splice(running.indexOf(app), 1);
    const poll = await fetch(`${base}/_kinetic/live/poll?vsn=1&hello=1`, {
      headers: { origin: base },
    });
    const body = await poll.json();
    expect(body.code).toBe('KN_ERR_SHUTTING_DOWN');
    expect(body.message).toContain('Reconnect shortly');
    release();
    expect((await answered)[0]).toBe('r');
    await closing;
  });
});

describe('joins are answered with a code', () => {
  it('KN_ERR_VIEW_ALREADY_JOINED: a view number joined twice on one connection', async () => {
    const { base } = await counterApp();
    const { page, client } = await joinedClient(base);
    const again = await client.join(page, 1, '/');
    expect(again.slice(0, 3)).toEqual(['x', again[1], 'KN_ERR_VIEW_ALREADY_JOINED']);
    expect(again[3]).toContain('Pick a new view number');
    // The first join carries on.
    await client.event(1, 'inc');
    expect(client.html(1)).toContain('<b>1</b>');
    client.kill();
  });

  it('KN_ERR_UNKNOWN_VIEW: a page of another app (same secret) names a view this one lacks', async () => {
    const Reports = defineView({
      name: 'Reports',
      mount: () => ({}),
      render: () => html`<h1>Reports</h1>`,
    });
    const other = await start((app) => app.live('/', Reports));
    const here = await counterApp();
    const page = await loadPage(other.base, '/');
    const client = new LiveClient(here.base, 'websocket', page.cookie);
    await client.connect();
    const reply = await client.join(page, 1, '/');
    expect(reply.slice(0, 3)).toEqual(['x', reply[1], 'KN_ERR_UNKNOWN_VIEW']);
    expect(reply[3]).toContain('"Reports"');
    client.kill();
  });

  it('KN_ERR_SUPERSEDED: a session resumed elsewhere closes its old transport', async () => {
    const { base } = await counterApp();
    const { page, client } = await joinedClient(base);
    const query = `vsn=1&sid=${client.sid}&ack=${client.received}&key=${client.key}`;
    const resumed = new WebSocket(wsUrl(base, query), {
      headers: { origin: base, cookie: page.cookie },
    });
    const hello = await new Promise<unknown[]>((resolve) =>
      resumed.once('message', (data) => resolve(JSON.parse(data.toString()))),
    );
    expect(hello.slice(0, 3)).toEqual(['s', client.sid, 1]);
    await client.until(() => client.closedWith !== undefined);
    expect(client.closedWith).toEqual([4000, 'KN_ERR_SUPERSEDED']);
    resumed.terminate();
  });

  it('KN_ERR_INTERNAL: a failure that is no Kinetic error is logged, and the client told', async () => {
    let permissionsDown = false;
    const Guarded = defineView({
      name: 'Guarded',
      authorize: () => {
        if (permissionsDown) throw new Error('permission service unreachable (ECONNREFUSED)');
        return true;
      },
      mount: () => ({}),
      render: () => html`<p>guarded</p>`,
    });
    const { base, logs } = await start((app) => app.live('/', Guarded), { exposeErrors: false });
    const page = await loadPage(base, '/');
    // The permission service answered the page load, and goes down before the join.
    permissionsDown = true;
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    const reply = await client.join(page, 1, '/');
    expect(reply.slice(0, 3)).toEqual(['x', reply[1], 'KN_ERR_INTERNAL']);
    expect(reply[3]).toContain('details are in the server log');
    expect(reply[3]).not.toContain('ECONNREFUSED');
    expect(logs()).toContain('unexpected failure while handling a frame');
    expect(logs()).toContain('ECONNREFUSED');
    client.kill();
  });
});

describe('mistakes in the app are reported with a code', () => {
  it('KN_ERR_CLIENT_BUNDLE: the plugin cannot find the browser runtime', async () => {
    const app = Fastify({ logger: false });
    running.push(app);
    const missing = '/nowhere/kinetic.min.js';
    await expect(
      app.register(kinetic, { secret: SECRET, clientBundle: missing }).ready(),
    ).rejects.toMatchObject({
      code: 'KN_ERR_CLIENT_BUNDLE',
      message: expect.stringContaining(`${missing}. Build @kinetic/client`),
    });
  });

  it('KN_ERR_BAD_VIEW: a route for something that is not a valid view', async () => {
    expect(() =>
      defineView({ name: 'not a name!', mount: () => ({}), render: () => html`` }),
    ).toThrow(expect.objectContaining({ code: 'KN_ERR_BAD_VIEW' }));

    const fake = { name: 'Fake', mount: () => ({}), render: () => html`` };
    const twin = defineView({ name: 'Counter', mount: () => ({}), render: () => html`twin` });
    const errors: unknown[] = [];
    await start((app) => {
      app.live('/', Counter);
      for (const [path, view] of [
        ['/fake', fake],
        ['/twin', twin],
      ] as const) {
        try {
          app.live(path, view as unknown as typeof Counter);
        } catch (error) {
          errors.push(error);
        }
      }
    });
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'KN_ERR_BAD_VIEW',
        message: expect.stringContaining('declare it with defineView'),
      }),
      expect.objectContaining({
        code: 'KN_ERR_BAD_VIEW',
        message: expect.stringContaining('view names must be unique'),
      }),
    ]);
  });

  const Tag = defineComponent({
    name: 'Tag',
    mount: () => ({}),
    render: (props: { label: string }) => html`<span>${props.label}</span>`,
  });

  it('KN_ERR_DUPLICATE_COMPONENT: two live components of one render share an id', async () => {
    const Tags = defineView({
      name: 'Tags',
      mount: () => ({ labels: ['a', 'b'] }),
      render: ({ labels }) => html`${labels.map((label) => live(Tag, { id: 'tag', label }))}`,
    });
    const { app } = await start((a) => a.live('/', Tags), { exposeErrors: true });
    const response = await app.inject('/');
    expect(response.statusCode).toBe(500);
    expect(response.body).toContain('KN_ERR_DUPLICATE_COMPONENT');
    expect(response.body).toContain('Tags rendered two live components with id');
  });

  it('KN_ERR_COMPONENT_OUTSIDE_RENDER: live() or liveRender() called outside a render', async () => {
    expect(() => live(Tag, { id: 'early', label: 'x' })).toThrow(
      expect.objectContaining({ code: 'KN_ERR_COMPONENT_OUTSIDE_RENDER' }),
    );
    expect(() => liveRender(Counter, { id: 'early' })).toThrow(
      expect.objectContaining({ code: 'KN_ERR_COMPONENT_OUTSIDE_RENDER' }),
    );
    // From an event handler: the client is told, with the code.
    const Eager = defineView({
      name: 'Eager',
      mount: () => ({}),
      events: {
        add: () => {
          live(Tag, { id: 'late', label: 'x' });
        },
      },
      render: () => html`<button lv-click="add">add</button>`,
    });
    const { base } = await start((a) => a.live('/', Eager), { exposeErrors: true });
    const { client } = await joinedClient(base);
    const reply = await client.event(1, 'add');
    expect(reply.slice(0, 3)).toEqual(['x', reply[1], 'KN_ERR_COMPONENT_OUTSIDE_RENDER']);
    expect(reply[3]).toContain("Call it from a view's render");
    client.kill();
  });
});
