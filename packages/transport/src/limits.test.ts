// Regression tests for what one hostile connection could cost the server: unbounded
// outboxes, floods of garbage and acks, and sessions opened to lock honest users out.
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hardenedApps } from '../test/hardening-app.js';
import { LiveClient, loadPage, type TransportName } from '../test/live-client.js';

const start = hardenedApps();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A raw WebSocket to the live endpoint, recording what it gets and how it closes. */
async function rawSocket(base: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/_kinetic/live/websocket?vsn=1`, {
    headers: { origin: base, ...headers },
  });
  const got: string[] = [];
  let closed: [number, string] | undefined;
  ws.on('message', (data) => got.push(data.toString()));
  ws.on('close', (code, reason) => {
    closed = [code, reason.toString()];
  });
  ws.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return { ws, got, closed: () => closed };
}

async function until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(10);
  }
}

describe('floods', () => {
  it('malformed frames count against the rate limit: the flood is cut off with 1008', async () => {
    const { app, base } = await start({ framesPerSecond: 50, frameBurst: 100 });
    const socket = await rawSocket(base);
    for (let i = 0; i < 5000 && socket.ws.readyState === socket.ws.OPEN; i++)
      socket.ws.send('{nope');
    await until(() => socket.closed() !== undefined);
    expect(socket.closed()).toEqual([1008, 'KN_ERR_RATE_LIMITED']);
    // The hello, about a burst of answers, then nothing: the answers are bounded.
    expect(socket.got.length).toBeLessThanOrEqual(1 + 100 + 101 + 10);
    await until(() => app.kinetic.sessions.size === 0);
    // The ended session gave its connection slot back.
    expect(app.kinetic.sessions.connections).toBe(0);
  });

  it('an ack flood is cut off too', async () => {
    const { app, base } = await start({ framesPerSecond: 50, frameBurst: 100 });
    const socket = await rawSocket(base);
    for (let i = 0; i < 20_000 && socket.ws.readyState === socket.ws.OPEN; i++)
      socket.ws.send('["a",0]');
    await until(() => socket.closed() !== undefined);
    expect(socket.closed()).toEqual([1008, 'KN_ERR_RATE_LIMITED']);
    await until(() => app.kinetic.sessions.size === 0);
  });

  it.each(['sse', 'longpoll'] as TransportName[])(
    'garbage POSTed over %s is rate limited, and the session ends',
    async (transport) => {
      const { app, base } = await start({ framesPerSecond: 50, frameBurst: 100 });
      const page = await loadPage(base, '/counter');
      const client = new LiveClient(base, transport, page.cookie);
      await client.connect();
      await client.join(page, 1, '/counter');
      const endpoint = transport === 'sse' ? 'sse' : 'poll';
      const { sid, key } = client;
      const statuses = new Set<number>();
      for (let i = 0; i < 400; i++) {
        const response = await fetch(`${base}/_kinetic/live/${endpoint}?vsn=1&sid=${sid}`, {
          method: 'POST',
          headers: { cookie: page.cookie, 'x-kinetic-key': key as string },
          body: '[[garbage',
        });
        statuses.add(response.status);
        if (response.status === 404) break;
      }
      client.kill();
      // Accepted (204) until the session was ended for flooding; then it is gone (404).
      expect([...statuses]).toEqual([204, 404]);
      expect(app.kinetic.sessions.find(sid, key, page.cookie.split('=')[1])).toBe(undefined);
    },
  );
});

describe('a client that never reads', () => {
  it('is cut off once its unacknowledged answers pass twice the outbox bound', async () => {
    const { app, base } = await start({
      outboxMessages: 200,
      framesPerSecond: 100_000,
      frameBurst: 100_000,
    });
    const socket = await rawSocket(base);
    // Heartbeats are answered; the client acknowledges none of the answers.
    for (let i = 1; i <= 2000 && socket.ws.readyState === socket.ws.OPEN; i++)
      socket.ws.send(JSON.stringify(['h', i]));
    await until(() => socket.closed() !== undefined);
    expect(socket.closed()?.[0]).toBe(4008);
    expect(socket.got.length).toBeLessThanOrEqual(1 + 400);
    await until(() => app.kinetic.sessions.connections === 0);
  });

  it('whose socket stops reading is cut off when its queue passes the byte bound', async () => {
    const { app, base } = await start({
      outboxBytes: 64 * 1024,
      outboxMessages: 100_000,
      framesPerSecond: 100_000,
      frameBurst: 100_000,
    });
    const page = await loadPage(base, '/big');
    const socket = await rawSocket(base, { cookie: page.cookie });
    socket.ws.send(
      JSON.stringify(['j', 1, 1, { k: page.token, c: page.csrf, u: `${base}/big`, v: 1 }]),
    );
    await until(() => socket.got.length >= 2);
    // Stop reading at the TCP level: the server's writes pile up in its socket queue.
    (socket.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const peakBacklog = { bytes: 0 };
    const session = () =>
      [
        ...(
          app.kinetic.sessions as unknown as {
            sessions: Map<string, { backlog: { bytes: number } }>;
          }
        ).sessions.values(),
      ][0];
    for (let i = 2; i < 2000 && app.kinetic.sessions.connections > 0; i++) {
      socket.ws.send(JSON.stringify(['e', i, 1, 'grow', { size: 20_000 }]));
      if (i % 20 === 0) {
        await sleep(5);
        peakBacklog.bytes = Math.max(peakBacklog.bytes, session()?.backlog.bytes ?? 0);
      }
    }
    await until(() => app.kinetic.sessions.connections === 0);
    // Bounded by twice the outbox bound plus one message in flight.
    expect(peakBacklog.bytes).toBeLessThanOrEqual(2 * 64 * 1024 + 25_000);
  });
});

describe('opening sessions without joining', () => {
  const proxied = { trustProxy: true };
  const from = (ip: string) => ({ 'x-forwarded-for': ip });

  it('costs nothing for long: a session no view joins closes after joinTimeoutMs', async () => {
    const { app, base } = await start({ joinTimeoutMs: 200 });
    for (let i = 0; i < 20; i++) {
      const response = await fetch(`${base}/_kinetic/live/poll?vsn=1&hello=1`);
      expect(response.status).toBe(200);
    }
    expect(app.kinetic.sessions.pendingCount).toBe(20);
    await until(() => app.kinetic.sessions.size === 0, 3000);
  });

  it('one address gets 429 past its burst; another address is served at once', async () => {
    const { base } = await start({ newSessionBurst: 30, newSessionsPerIp: 1 }, proxied);
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const response = await fetch(`${base}/_kinetic/live/poll?vsn=1&hello=1`, {
        headers: from('10.0.0.66'),
      });
      statuses.push(response.status);
      if (response.status === 429) {
        expect((await response.json()).code).toBe('KN_ERR_TOO_MANY_SESSIONS');
      } else {
        await response.arrayBuffer();
      }
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    // An honest user elsewhere joins and clicks.
    const page = await loadPage(base, '/counter');
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    await client.join(page, 1, '/counter');
    await client.event(1, 'inc');
    expect(client.html(1)).toContain('<b>1</b>');
    client.kill();
  });

  it('a WebSocket over the per-address caps is refused with HTTP 429 before the upgrade', async () => {
    const { base } = await start({ maxConnectionsPerIp: 3 }, proxied);
    const held = await Promise.all([1, 2, 3].map(() => rawSocket(base, from('10.0.0.7'))));
    const refusal = await new Promise<{ status: number; body: string }>((resolve) => {
      const ws = new WebSocket(`${base.replace('http', 'ws')}/_kinetic/live/websocket?vsn=1`, {
        headers: { origin: base, ...from('10.0.0.7') },
      });
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      ws.on('error', () => {});
    });
    expect(refusal.status).toBe(429);
    expect(JSON.parse(refusal.body).code).toBe('KN_ERR_TOO_MANY_CONNECTIONS');
    const other = await rawSocket(base, from('10.0.0.8'));
    expect(other.ws.readyState).toBe(WebSocket.OPEN);
    for (const socket of [...held, other]) socket.ws.terminate();
  });

  it('pending sessions do not count against maxSessions: a full server of idlers still serves', async () => {
    const { base } = await start({ maxSessions: 5, newSessionBurst: 1000 }, proxied);
    for (let i = 0; i < 50; i++) {
      const response = await fetch(`${base}/_kinetic/live/poll?vsn=1&hello=1`, {
        headers: from(`10.1.0.${i}`),
      });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    const page = await loadPage(base, '/counter');
    const client = new LiveClient(base, 'longpoll', page.cookie);
    await client.connect();
    const reply = await client.join(page, 1, '/counter');
    expect(reply[0]).toBe('r');
    client.kill();
  });
});
