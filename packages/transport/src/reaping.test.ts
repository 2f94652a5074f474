// WebSocket heartbeats: a peer that answers no ping and sends nothing for a heartbeat
// interval is dropped, and once its grace period is over its session ends with its views
// terminated ('disconnect'). Peers that answer pings, or keep sending, stay.
import { defineView, html, type TerminateReason } from '@kinetic/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadPage } from '../test/live-client.js';
import { type KineticOptions, kinetic } from './index.js';

const SECRET = 'reaping-test-secret-Nw4c-7Hs2-Qk9v-Jd3x-Pf8m';

let ended: Array<[who: string, reason: TerminateReason]> = [];
const Presence = defineView({
  name: 'Presence',
  mount: (params) => ({ who: String(params.who), clicks: 0 }),
  events: {
    click: (_p, socket) => {
      socket.update('clicks', (n) => n + 1);
    },
  },
  render: ({ who, clicks }) => html`<p>${who} clicked ${clicks}</p>`,
  terminate: (reason, socket) => {
    ended.push([socket.assigns.who, reason]);
  },
});

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  ended = [];
});

async function start(options: Partial<KineticOptions>) {
  const app = Fastify();
  await app.register(kinetic, { secret: SECRET, ...options });
  app.live('/presence', Presence);
  await app.listen({ port: 0, host: '127.0.0.1' });
  apps.push(app);
  const { port } = app.server.address() as { port: number };
  return { app, base: `http://127.0.0.1:${port}` };
}

/** `["s", sid, resumed, lastRef, firstSeq, key]` */
type Hello = [string, string, number, number, number, string];

async function until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * A WebSocket client that has joined `/presence?who=…`. With `autoPong: false` it answers no
 * ping, as a peer behind a dead NAT entry or a closed laptop lid.
 */
async function joinedSocket(base: string, who: string, autoPong: boolean, chatty = false) {
  const path = `/presence?who=${who}`;
  const page = await loadPage(base, path);
  const ws = new WebSocket(`${base.replace('http', 'ws')}/_kinetic/live/websocket?vsn=1`, {
    headers: { origin: base, cookie: page.cookie },
    autoPong,
  });
  const frames: unknown[][] = [];
  let pings = 0;
  let closed = false;
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
  let ref = 1;
  ws.on('ping', () => {
    pings++;
    // A chatty peer answers no ping either, but every ping prompts a frame of its own.
    if (chatty && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(['h', ++ref]));
  });
  ws.on('close', () => {
    closed = true;
  });
  ws.on('error', () => {});
  await until(() => frames.length >= 1);
  ws.send(JSON.stringify(['j', 1, 1, { k: page.token, c: page.csrf, u: base + path, v: 1 }]));
  await until(() => frames.some((f) => f[0] === 'r' && f[1] === 1));
  return {
    ws,
    cookie: page.cookie,
    frames,
    pings: () => pings,
    closed: () => closed,
  };
}

describe('heartbeat reaping', () => {
  it('drops a silent peer and ends its session after the grace period; live peers stay', async () => {
    // Rounds long enough that a loaded machine answers a ping within one of them.
    const { app, base } = await start({ heartbeatMs: 400, graceMs: 50 });
    const silent = await joinedSocket(base, 'silent', false);
    const answering = await joinedSocket(base, 'answering', true);
    const chatty = await joinedSocket(base, 'chatty', false, true);
    expect(app.kinetic.sessions.size).toBe(3);

    await until(() => silent.closed());
    await until(() => ended.length > 0);
    expect(ended).toEqual([['silent', 'disconnect']]);
    expect(app.kinetic.sessions.size).toBe(2);
    expect(app.kinetic.sessions.connections).toBe(2);

    // Three more heartbeat rounds: the peers that answer are never dropped.
    const seen = answering.pings();
    await until(() => answering.pings() >= seen + 3 && chatty.pings() >= seen + 3);
    expect(answering.closed()).toBe(false);
    expect(chatty.closed()).toBe(false);
    expect(ended).toEqual([['silent', 'disconnect']]);
    answering.ws.send(JSON.stringify(['e', 2, 1, 'click']));
    await until(() => answering.frames.some((f) => f[0] === 'r' && f[1] === 2));
    expect(JSON.stringify(answering.frames.at(-1))).toContain('"1"');
    answering.ws.terminate();
    chatty.ws.terminate();
  });

  it('a dropped peer that comes back within the grace period resumes; nothing is terminated', async () => {
    const { app, base } = await start({ heartbeatMs: 100, graceMs: 60_000 });
    const sleeper = await joinedSocket(base, 'sleeper', false);
    const [, sid, , , first, key] = sleeper.frames[0] as Hello;
    await until(() => sleeper.closed());
    await until(() => app.kinetic.sessions.connections === 0);
    // Detached, not ended: the session waits for its client.
    expect(app.kinetic.sessions.size).toBe(1);
    expect(ended).toEqual([]);
    const ack = first + sleeper.frames.length - 2;
    const back = new WebSocket(
      `${base.replace('http', 'ws')}/_kinetic/live/websocket?vsn=1&sid=${sid}&ack=${ack}&key=${key}`,
      { headers: { origin: base, cookie: sleeper.cookie } },
    );
    const frames: unknown[][] = [];
    back.on('message', (data) => frames.push(JSON.parse(data.toString())));
    back.on('error', () => {});
    await until(() => frames.length >= 1);
    expect(frames[0]?.slice(0, 3)).toEqual(['s', sid, 1]);
    back.send(JSON.stringify(['e', 2, 1, 'click']));
    await until(() => frames.some((f) => f[0] === 'r' && f[1] === 2));
    expect(ended).toEqual([]);
    back.terminate();
  });
});
