import {
  definePlugin,
  defineView,
  html,
  isPresenceDiff,
  type PresenceList,
  syncPresence,
} from '@kinetic/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveClient, loadPage } from '../test/live-client.js';
import { type KineticOptions, kinetic } from './index.js';

const SECRET = 'pubsub-test-secret-0123456789-0123456789-abc';

interface Said {
  readonly from: string;
  readonly text: string;
}

/** A chat room: messages to everyone in it, and who is here (one line per user, tabs counted). */
const Room = defineView({
  name: 'Room',
  mount: async (params, session, socket) => {
    const room = `room:${params.room ?? 'lobby'}`;
    const user = String(session.user ?? 'nobody');
    // Only a connected socket subscribes and tracks: both are no-ops in the HTTP render.
    socket.subscribe(room);
    await socket.track(room, user, { since: 'now' });
    const online: PresenceList = socket.connected ? await socket.presence(room) : {};
    return { room, user, said: [] as Said[], online };
  },
  events: {
    say: (payload, socket) =>
      socket.broadcast(socket.assigns.room, {
        from: socket.assigns.user,
        text: String(payload.text),
      }),
    shout: (payload, socket) =>
      socket.broadcast(
        socket.assigns.room,
        { from: socket.assigns.user, text: String(payload.text).toUpperCase() },
        { skipSelf: true },
      ),
    sendFunction: (_p, socket) => socket.broadcast(socket.assigns.room, { run: () => 1 }),
    leave: (_p, socket) => socket.untrack(socket.assigns.room, socket.assigns.user),
  },
  handleInfo: (message: unknown, socket) => {
    if (isPresenceDiff(message)) socket.update('online', (list) => syncPresence(list, message));
    else socket.update('said', (said) => [...said, message as Said]);
  },
  render: ({ said, online }) =>
    html`<ul id="said">${said.map((s) => html`<li>${s.from}: ${s.text}</li>`)}</ul>
<ul id="online">${Object.entries(online)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([user, { metas }]) => html`<li>${user} (${metas.length})</li>`)}</ul>`,
});

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function start(options: Partial<KineticOptions> = {}) {
  const app = Fastify();
  await app.register(kinetic, {
    secret: SECRET,
    session: (request) => ({ user: request.headers['x-user'] }),
    ...options,
  });
  app.live('/room', Room);
  await app.listen({ port: 0, host: '127.0.0.1' });
  apps.push(app);
  const { port } = app.server.address() as { port: number };
  return { app, base: `http://127.0.0.1:${port}` };
}

/** One browser tab of `user` in the lobby, joined. */
async function tab(base: string, user: string) {
  const page = await loadPage(base, '/room', undefined, { 'x-user': user });
  const client = new LiveClient(base, 'websocket', page.cookie, { headers: { 'x-user': user } });
  await client.connect();
  const reply = await client.join(page, 1, '/room');
  expect(reply[0]).toBe('r');
  return client;
}

const lines = (client: LiveClient, list: 'said' | 'online') => {
  const match = new RegExp(`<ul id="${list}">(.*?)</ul>`, 's').exec(client.html(1));
  return [...(match?.[1] ?? '').matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1]);
};

describe('pubsub between views, over real WebSockets', () => {
  it('a message broadcast in a handler reaches every view subscribed to the topic, the sender too', async () => {
    const { base } = await start();
    const alice = await tab(base, 'alice');
    const bob = await tab(base, 'bob');
    await alice.event(1, 'say', { text: 'hi' });
    await bob.until(() => lines(bob, 'said').length === 1);
    await alice.until(() => lines(alice, 'said').length === 1);
    expect(lines(bob, 'said')).toEqual(['alice: hi']);
    expect(lines(alice, 'said')).toEqual(['alice: hi']);
  });

  it('skipSelf leaves the sender out', async () => {
    const { base } = await start();
    const alice = await tab(base, 'alice');
    const bob = await tab(base, 'bob');
    await alice.event(1, 'shout', { text: 'hey' });
    await bob.until(() => lines(bob, 'said').length === 1);
    await alice.event(1, 'say', { text: 'done' });
    await alice.until(() => lines(alice, 'said').length === 1);
    expect(lines(alice, 'said')).toEqual(['alice: done']);
    await bob.until(() => lines(bob, 'said').length === 2);
    expect(lines(bob, 'said')).toEqual(['alice: HEY', 'alice: done']);
  });

  it('app code outside any view broadcasts through app.kinetic.pubsub', async () => {
    const { app, base } = await start();
    const alice = await tab(base, 'alice');
    await app.kinetic.pubsub.broadcast('room:lobby', { from: 'system', text: 'maintenance at 5' });
    await alice.until(() => lines(alice, 'said').length === 1);
    expect(lines(alice, 'said')).toEqual(['system: maintenance at 5']);
  });

  it('what cannot be sent as data fails the step, naming the path; the view goes on', async () => {
    const { base } = await start();
    const alice = await tab(base, 'alice');
    const failed = await alice.event(1, 'sendFunction');
    expect(failed[2]).toBe('KN_ERR_NOT_SERIALIZABLE');
    expect(String(failed[3])).toContain('the broadcast message.m.run is a function');
    expect((await alice.event(1, 'say', { text: 'still here' }))[0]).toBe('r');
  });

  it('a message over maxBroadcastBytes is refused with KN_ERR_BROADCAST_TOO_LARGE', async () => {
    const { base } = await start({ maxBroadcastBytes: 200 });
    const alice = await tab(base, 'alice');
    const failed = await alice.event(1, 'say', { text: 'x'.repeat(500) });
    expect(failed[2]).toBe('KN_ERR_BROADCAST_TOO_LARGE');
    expect(String(failed[3])).toContain('"room:lobby"');
  });

  it('a topic that is not a short string is refused with KN_ERR_TOPIC_INVALID', async () => {
    const { app } = await start();
    expect(() => app.kinetic.pubsub.broadcast('', {})).toThrow(/KN_ERR_TOPIC_INVALID/);
    expect(() => app.kinetic.pubsub.broadcast('t'.repeat(300), {})).toThrow(/KN_ERR_TOPIC_INVALID/);
  });

  it('onBroadcast hears each broadcast sent, with its topic, size and view', async () => {
    const heard: string[] = [];
    const plugin = definePlugin('broadcasts', (scope) => {
      scope.addHook('onBroadcast', (ctx) => {
        heard.push(`${ctx.topic} ${ctx.view ?? 'app'} ${ctx.bytes > 0}`);
      });
    });
    const { app, base } = await start({ plugins: [plugin] });
    const alice = await tab(base, 'alice');
    await alice.event(1, 'say', { text: 'hi' });
    await app.kinetic.pubsub.broadcast('room:lobby', { from: 'system', text: 'x' });
    // The presence of alice's join was broadcast too: by the app's presence, not a view.
    expect(heard).toEqual(['room:lobby app true', 'room:lobby Room true', 'room:lobby app true']);
  });
});

describe('presence', () => {
  it('who is here, kept current on every view: arrivals, a second tab, departures', async () => {
    const { app, base } = await start({ graceMs: 100 });
    const alice = await tab(base, 'alice');
    expect(lines(alice, 'online')).toEqual(['alice (1)']);
    const bob = await tab(base, 'bob');
    expect(lines(bob, 'online')).toEqual(['alice (1)', 'bob (1)']);
    await alice.until(() => lines(alice, 'online').length === 2);
    expect(lines(alice, 'online')).toEqual(['alice (1)', 'bob (1)']);

    // Bob's second tab: one entry, two metas.
    const bob2 = await tab(base, 'bob');
    await alice.until(() => lines(alice, 'online').includes('bob (2)'));
    expect(Object.keys(await app.kinetic.presence.list('room:lobby')).sort()).toEqual([
      'alice',
      'bob',
    ]);

    // A tab closed: it leaves when its session ends (after graceMs, so a blip does not flicker).
    await bob2.close();
    await alice.until(() => lines(alice, 'online').includes('bob (1)'));

    // Untracked on purpose, while the view lives.
    await bob.event(1, 'leave');
    await alice.until(() => lines(alice, 'online').length === 1);
    expect(lines(alice, 'online')).toEqual(['alice (1)']);
    expect((await app.kinetic.presence.list('room:lobby')).bob).toBeUndefined();
  });
});
