import { connect } from 'node:net';
import { defineView, html } from '@kinetic/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LiveClient, loadPage, type TransportName } from '../test/live-client.js';
import { type KineticOptions, kinetic } from './index.js';

const SECRET = 'sessions-test-secret-0123456789-0123456789';
const TRANSPORTS: TransportName[] = ['websocket', 'sse', 'longpoll'];

let mounts = 0;
const Counter = defineView({
  name: 'Counter',
  mount: () => {
    mounts++;
    return { count: 0 };
  },
  events: {
    inc: (_p, socket) => {
      socket.update('count', (n) => n + 1);
    },
  },
  render: ({ count }) => html`<p>Count: <b>${count}</b></p>`,
});

/** Pushes a numbered tick every `interval` ms (from the URL), so missed or doubled pushes show. */
const Ticker = defineView({
  name: 'Ticker',
  mount: (params, _s, socket) => {
    mounts++;
    if (socket.connected) socket.every(Number(params.every ?? 5), 'tick');
    return { tick: 0, pad: String(params.pad ?? '') };
  },
  handleInfo: (_m: 'tick', socket) => {
    socket.update('tick', (n) => n + 1);
  },
  render: ({ tick, pad }) => html`<span>${tick}</span><i>${pad ? `${pad}${tick}` : ''}</i>`,
});

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function start(options: Partial<KineticOptions> = {}) {
  const app = Fastify();
  await app.register(kinetic, { secret: SECRET, ...options });
  app.live('/counter', Counter).live('/ticker', Ticker);
  await app.listen({ port: 0, host: '127.0.0.1' });
  apps.push(app);
  const { port } = app.server.address() as { port: number };
  return { app, base: `http://127.0.0.1:${port}` };
}

async function joined(base: string, transport: TransportName, path: string) {
  const page = await loadPage(base, path);
  const client = new LiveClient(base, transport, page.cookie);
  const hello = await client.connect();
  expect(hello.slice(2, 4)).toEqual([0, 0]);
  const reply = await client.join(page, 1, path);
  expect(reply[0]).toBe('r');
  return client;
}

/** The tick numbers the client saw, in order, from its diffs. */
const ticksOf = (client: LiveClient) =>
  client.frames
    .filter((f) => f[0] === 'd')
    .map((f) => Number((f[2] as Record<string, unknown>)['0']))
    .filter((n) => !Number.isNaN(n));

describe.each(TRANSPORTS)('resume over %s', (transport) => {
  it('a blip loses nothing: replies and pushes sent meanwhile arrive once, in order', async () => {
    const { base } = await start();
    const client = await joined(base, transport, '/ticker?every=5');
    await client.until(() => ticksOf(client).length >= 3);
    client.kill();
    await new Promise((resolve) => setTimeout(resolve, 60));
    const hello = await client.connect();
    expect(hello[2]).toBe(1);
    await client.until(() => ticksOf(client).length >= 20);
    const ticks = ticksOf(client);
    expect(ticks).toEqual(Array.from({ length: ticks.length }, (_, i) => i + 1));
    expect(client.html(1)).toContain(`<span>${ticks.at(-1)}</span>`);
  });

  it('requests sent into a dead transport are answered once after the resume', async () => {
    const { base } = await start();
    const client = await joined(base, transport, '/counter');
    await client.event(1, 'inc');
    client.kill();
    const replies = [client.event(1, 'inc'), client.event(1, 'inc')];
    await client.connect();
    await Promise.all(replies);
    expect(client.html(1)).toBe('<p>Count: <b>3</b></p>');
    expect(client.unanswered).toBe(0);
  });
});

describe('sessions', () => {
  it('after the grace period the session is gone: the client gets a new one and re-joins', async () => {
    const { base } = await start({ graceMs: 50 });
    const client = await joined(base, 'websocket', '/counter');
    const first = client.sid;
    client.kill();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const hello = await client.connect();
    expect(hello[2]).toBe(0);
    expect(client.sid).not.toBe(first);
  });

  it('a POST into a session needs that browser’s cookie', async () => {
    const { base } = await start();
    const client = await joined(base, 'sse', '/counter');
    const response = await fetch(`${base}/_kinetic/live/sse?vsn=1&sid=${client.sid}`, {
      method: 'POST',
      headers: { cookie: '_kn_csrf=someone-elses-cookie-0123', 'content-type': 'text/plain' },
      body: '["e",9,1,"inc"]',
    });
    expect(response.status).toBe(404);
    expect((await response.json()).code).toBe('KN_ERR_SESSION_UNKNOWN');
    const foreign = await fetch(`${base}/_kinetic/live/sse?vsn=1&sid=${client.sid}`, {
      method: 'POST',
      headers: {
        cookie: client.cookie,
        origin: 'https://evil.example',
        'content-type': 'text/plain',
      },
      body: '["e",9,1,"inc"]',
    });
    expect(foreign.status).toBe(403);
  });

  it('refuses sessions past the cap with a clear code', async () => {
    const { base } = await start({ maxSessions: 2 });
    await joined(base, 'websocket', '/counter');
    await joined(base, 'websocket', '/counter');
    const refused = await fetch(`${base}/_kinetic/live/poll?vsn=1`);
    expect(refused.status).toBe(503);
    expect((await refused.json()).code).toBe('KN_ERR_CAPACITY');
  });

  it('mounts once when the join lands on the process that rendered the page', async () => {
    const { base } = await start();
    mounts = 0;
    await joined(base, 'websocket', '/counter');
    expect(mounts).toBe(1);
    // A mount that asks whether it is connected (to start a timer) runs again, connected.
    mounts = 0;
    await joined(base, 'websocket', '/ticker');
    expect(mounts).toBe(2);
  });

  it('mounts again when the handoff window has passed', async () => {
    const { base } = await start({ handoffMs: 1 });
    const page = await loadPage(base, '/counter');
    await new Promise((resolve) => setTimeout(resolve, 20));
    mounts = 0;
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    await client.join(page, 1, '/counter');
    expect(mounts).toBe(1);
  });
});

describe('under pressure', () => {
  it('a client that never reads keeps server memory bounded and is cut off with a reason', async () => {
    const { app, base } = await start({ outboxMessages: 50, outboxBytes: 64 * 1024, stuckMs: 300 });
    const page = await loadPage(base, '/ticker');
    const ws = new WebSocket(`${base.replace('http', 'ws')}/_kinetic/live/websocket?vsn=1`, {
      headers: { cookie: page.cookie, origin: base },
    });
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(
      JSON.stringify([
        'j',
        1,
        1,
        { k: page.token, c: page.csrf, u: `${base}/ticker?every=1&pad=${'x'.repeat(2000)}`, v: 1 },
      ]),
    );
    // Stop reading: the server's pushes pile up unacknowledged.
    const closed = new Promise<[number, string]>((resolve) =>
      ws.once('close', (code, reason) => resolve([code, reason.toString()])),
    );
    const sessions = app.kinetic.sessions;
    let peak = 0;
    const sampler = setInterval(() => {
      for (const session of (
        sessions as unknown as { sessions: Map<string, { backlog: { messages: number } }> }
      ).sessions.values()) {
        peak = Math.max(peak, session.backlog.messages);
      }
    }, 5);
    const [code, reason] = await closed;
    clearInterval(sampler);
    expect(code).toBe(4008);
    expect(reason).toBe('KN_ERR_CLIENT_STUCK');
    expect(peak).toBeLessThanOrEqual(51);
  });

  it('a slow client catches up with one diff carrying only the latest state', async () => {
    const { base } = await start({ outboxMessages: 5, stuckMs: 60_000 });
    const client = await joined(base, 'longpoll', '/ticker?every=2');
    client.kill();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await client.connect();
    await client.until(() => ticksOf(client).length >= 7);
    const ticks = ticksOf(client);
    // The pushes that fit the outbox were kept in order; then the held-back updates were
    // coalesced into one jump to the latest state.
    const kept = ticks.findIndex((tick, i) => tick !== i + 1);
    expect(kept).toBeGreaterThanOrEqual(3);
    expect((ticks[kept] as number) - (ticks[kept - 1] as number)).toBeGreaterThan(1);
    expect(ticks).toEqual([...ticks].sort((a, b) => a - b));
    expect(client.html(1)).toContain(`<span>${ticks.at(-1)}</span>`);
  });

  it('graceful shutdown: 1,000 connected views are told to reconnect, none errors, the app closes in time', async () => {
    // A thousand users, all from loopback here: the per-address caps are for one client.
    const { app, base } = await start({
      reconnectAfterMs: 250,
      shutdownDeadlineMs: 5000,
      maxConnectionsPerIp: 2000,
      newSessionBurst: 2000,
    });
    const page = await loadPage(base, '/counter');
    const sockets: WebSocket[] = [];
    const told: string[] = [];
    const errors: string[] = [];
    for (let i = 0; i < 1000; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, async () => {
          const ws = new WebSocket(`${base.replace('http', 'ws')}/_kinetic/live/websocket?vsn=1`, {
            headers: { cookie: page.cookie, origin: base },
          });
          await new Promise((resolve) => ws.once('open', resolve));
          const joinedView = new Promise<void>((resolve) => {
            ws.on('message', (data) => {
              const text = data.toString();
              if (text.startsWith('["r",1,')) resolve();
              if (text.startsWith('["c"')) told.push(text);
              if (text.startsWith('["x"')) errors.push(text);
            });
          });
          ws.send(
            JSON.stringify([
              'j',
              1,
              1,
              { k: page.token, c: page.csrf, u: `${base}/counter`, v: 1 },
            ]),
          );
          await joinedView;
          sockets.push(ws);
        }),
      );
    }
    const started = Date.now();
    apps.splice(apps.indexOf(app), 1);
    await app.close();
    expect(Date.now() - started).toBeLessThan(5000);
    // The last frames and closes may still be in this process's queue on a loaded machine.
    const settled = Date.now() + 10_000;
    while (
      (told.length < 1000 || !sockets.every((ws) => ws.readyState === ws.CLOSED)) &&
      Date.now() < settled
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(told).toHaveLength(1000);
    expect(told[0]).toBe('["c","shutdown",250]');
    expect(errors).toEqual([]);
    expect(sockets.every((ws) => ws.readyState === ws.CLOSED)).toBe(true);
  });
});

describe('closing the app', () => {
  it('does not wait for a connection that never sent a byte (a preconnect, a poll cut short)', async () => {
    const { app, base } = await start({});
    const client = await joined(base, 'longpoll', '/counter');
    client.kill();
    // Node counts a connection with no byte read as busy: server.close() would wait for
    // it until the headers timeout (60 s).
    const { port } = new URL(base);
    const silent = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => silent.once('connect', resolve));
    apps.splice(apps.indexOf(app), 1);
    const outcome = await Promise.race([
      app.close().then(() => 'closed'),
      new Promise((resolve) => setTimeout(resolve, 5000, 'still waiting')),
    ]);
    expect(outcome).toBe('closed');
    await new Promise((resolve) => silent.once('close', resolve));
    expect(silent.destroyed).toBe(true);
  });
});
