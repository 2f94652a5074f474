// The server-wide connection cap and the per-session view cap: past them a client is
// refused with its code, and those already in keep working.
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hardenedApps } from '../test/hardening-app.js';
import { LiveClient, loadPage, type TransportName } from '../test/live-client.js';

const start = hardenedApps();

async function joinedCounter(base: string, transport: TransportName = 'websocket') {
  const page = await loadPage(base, '/counter');
  const client = new LiveClient(base, transport, page.cookie);
  await client.connect();
  expect((await client.join(page, 1, '/counter'))[0]).toBe('r');
  return client;
}

/** A WebSocket that is let through the upgrade: what it is sent, and how it is closed. */
function socketOutcome(base: string) {
  return new Promise<{ frames: unknown[]; close: [number, string] }>((resolve, reject) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/_kinetic/live/websocket?vsn=1`, {
      headers: { origin: base },
    });
    const frames: unknown[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
    ws.on('close', (code, reason) => resolve({ frames, close: [code, reason.toString()] }));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', () => {});
  });
}

describe('maxConnections', () => {
  it('refuses the connection over the cap on every transport; the ones under it keep working', async () => {
    const { app, base } = await start({ maxConnections: 2 });
    const first = await joinedCounter(base, 'websocket');
    const second = await joinedCounter(base, 'sse');
    expect(app.kinetic.sessions.connections).toBe(2);

    // WebSocket: upgraded, then told why and closed with "try again later".
    const ws = await socketOutcome(base);
    expect(ws.frames).toHaveLength(1);
    expect((ws.frames[0] as unknown[]).slice(0, 3)).toEqual(['x', 0, 'KN_ERR_CAPACITY']);
    expect(ws.close).toEqual([1013, 'KN_ERR_CAPACITY']);

    // Long-poll: a plain 503 with the code.
    const poll = await fetch(`${base}/_kinetic/live/poll?vsn=1&hello=1`, {
      headers: { origin: base },
    });
    expect(poll.status).toBe(503);
    expect((await poll.json()).code).toBe('KN_ERR_CAPACITY');

    // Event stream: the refusal is its `refused` event, with the same status and code.
    const sse = await fetch(`${base}/_kinetic/live/sse?vsn=1`, { headers: { origin: base } });
    const body = await sse.text();
    expect(body).toMatch(/^event: refused\ndata: /);
    const [status, code] = JSON.parse(body.split('data: ')[1] as string) as [number, string];
    expect([status, code]).toEqual([503, 'KN_ERR_CAPACITY']);

    // Refusals took no slot, and the clients inside never noticed.
    expect(app.kinetic.sessions.connections).toBe(2);
    expect(app.kinetic.sessions.size).toBe(2);
    await first.event(1, 'inc');
    await second.event(1, 'inc');
    await second.event(1, 'inc');
    expect(first.html(1)).toContain('<b>1</b>');
    expect(second.html(1)).toContain('<b>2</b>');

    // A slot given back is a slot for the next client.
    first.kill();
    await first.until(() => app.kinetic.sessions.connections === 1);
    const third = await joinedCounter(base, 'longpoll');
    await third.event(1, 'inc');
    expect(third.html(1)).toContain('<b>1</b>');
    second.kill();
    third.kill();
  });

  it('a long-poll session keeps its slot between polls, and gives it back when no poll follows', async () => {
    const { app, base } = await start({ maxConnections: 1, longPollGapMs: 400 });
    const poll = (query: string) =>
      fetch(`${base}/_kinetic/live/poll?vsn=1&${query}`, { headers: { origin: base } });
    // A new session's first poll is answered at once, with its hello: now it is between polls.
    const first = await poll('hello=1');
    const [[, sid, , , , key]] = (await first.json()) as [
      [string, string, number, number, number, string],
    ];
    expect(app.kinetic.sessions.connections).toBe(1);
    const newcomer = await poll('hello=1');
    expect(newcomer.status).toBe(503);
    expect((await newcomer.json()).code).toBe('KN_ERR_CAPACITY');
    // Its next poll finds the slot, and its session.
    const again = await poll(`hello=1&sid=${sid}&key=${key}`);
    expect(again.status).toBe(200);
    expect(((await again.json()) as unknown[][])[0]?.slice(0, 3)).toEqual(['s', sid, 1]);
    // No poll follows within the gap: the slot goes back.
    const deadline = Date.now() + 5000;
    while (app.kinetic.sessions.connections > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(app.kinetic.sessions.connections).toBe(0);
    const next = await joinedCounter(base);
    await next.event(1, 'inc');
    expect(next.html(1)).toContain('<b>1</b>');
    next.kill();
  });

  it('a session in its grace period resumes even at the cap: its slot is free again', async () => {
    const { app, base } = await start({ maxConnections: 1 });
    const client = await joinedCounter(base);
    client.kill();
    await client.until(() => app.kinetic.sessions.connections === 0);
    const hello = await client.connect();
    expect(hello[2]).toBe(1);
    await client.event(1, 'inc');
    expect(client.html(1)).toContain('<b>1</b>');
    // And it holds the one slot.
    expect((await socketOutcome(base)).close).toEqual([1013, 'KN_ERR_CAPACITY']);
    client.kill();
  });
});

describe('maxConnections and the per-address budget of new sessions', () => {
  it('a refusal for capacity spends none of the address’s budget', async () => {
    // One new session a minute after a burst of two: the holder takes one.
    const { app, base } = await start({
      maxConnections: 1,
      newSessionsPerIp: 1 / 60,
      newSessionBurst: 2,
    });
    const holder = await joinedCounter(base);
    for (let i = 0; i < 5; i++) {
      const poll = await fetch(`${base}/_kinetic/live/poll?vsn=1&hello=1`, {
        headers: { origin: base },
      });
      expect(poll.status).toBe(503);
      expect((await poll.json()).code).toBe('KN_ERR_CAPACITY');
    }
    holder.kill();
    await holder.until(() => app.kinetic.sessions.connections === 0);
    // The second of the burst is still there for the next visitor.
    const next = await joinedCounter(base);
    await next.event(1, 'inc');
    expect(next.html(1)).toContain('<b>1</b>');
    next.kill();
  });
});

describe('maxViewsPerConnection', () => {
  it.each(['websocket', 'sse', 'longpoll'] as TransportName[])(
    'over %s, the join over the cap is KN_ERR_TOO_MANY_VIEWS; the joined views keep working',
    async (transport) => {
      const { base } = await start({ maxViewsPerConnection: 2 });
      const first = await loadPage(base, '/counter');
      const second = await loadPage(base, '/counter', first.cookie);
      const third = await loadPage(base, '/counter', first.cookie);
      const client = new LiveClient(base, transport, first.cookie);
      await client.connect();
      expect((await client.join(first, 1, '/counter'))[0]).toBe('r');
      expect((await client.join(second, 2, '/counter'))[0]).toBe('r');

      const refused = await client.join(third, 3, '/counter');
      expect(refused[0]).toBe('x');
      expect(refused[2]).toBe('KN_ERR_TOO_MANY_VIEWS');
      expect(refused[4]).toBe(3);
      expect(client.html(3)).toBe('');

      await client.event(1, 'inc');
      await client.event(2, 'inc');
      await client.event(2, 'inc');
      expect(client.html(1)).toContain('<b>1</b>');
      expect(client.html(2)).toContain('<b>2</b>');
      // The refused view was never joined.
      expect((await client.event(3, 'inc'))[2]).toBe('KN_ERR_VIEW_NOT_JOINED');

      // Leaving a view frees its place.
      expect((await client.request(['l', 1]))[0]).toBe('r');
      expect((await client.join(third, 3, '/counter'))[0]).toBe('r');
      await client.event(3, 'inc');
      expect(client.html(3)).toContain('<b>1</b>');
      client.kill();
    },
  );
});
