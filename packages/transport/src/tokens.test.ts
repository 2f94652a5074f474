// A page's view token at join time: one older than tokenTtlMs, or signed by another
// secret, is refused with its code, and the refusal gives away nothing the token held.
import { defineView, html } from '@kinetic/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveClient, loadPage } from '../test/live-client.js';
import { type KineticOptions, kinetic } from './index.js';

const SECRET = 'tokens-test-secret-Rk3v-8Qm2-Xp7w-Lz4n-Ht6b';
const OTHER_SECRET = 'tokens-test-other-Yc5j-2Wd9-Fn6s-Bq8r-Mg3k';

/** Who mounted the view, as the signed session said. */
let mountedFor: string[] = [];
const Profile = defineView({
  name: 'Profile',
  mount: (_params, session) => {
    mountedFor.push(String(session.user));
    return { user: String(session.user), note: String(session.note) };
  },
  render: ({ user, note }) => html`<p>${user}: ${note}</p>`,
});

const apps: FastifyInstance[] = [];
afterEach(async () => {
  vi.useRealTimers();
  mountedFor = [];
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function start(options: Partial<KineticOptions> = {}) {
  const app = Fastify();
  await app.register(kinetic, {
    secret: SECRET,
    session: (request) => ({ user: request.headers['x-user'] ?? 'anon', note: 'pin-4711' }),
    ...options,
  });
  app.live('/profile', Profile);
  await app.listen({ port: 0, host: '127.0.0.1' });
  apps.push(app);
  const { port } = app.server.address() as { port: number };
  return { app, base: `http://127.0.0.1:${port}` };
}

describe('token expiry', () => {
  it('a token as old as tokenTtlMs joins; one a millisecond older is KN_ERR_TOKEN_EXPIRED', async () => {
    const ttl = 60_000;
    const { base } = await start({ tokenTtlMs: ttl });
    // Only Date is faked: the token's expiry is read from Date.now() in this process, while
    // sockets and timers stay real.
    vi.useFakeTimers({ toFake: ['Date'] });
    const renderedAt = Date.now();
    const stale = await loadPage(base, '/profile', undefined, { 'x-user': 'alice' });
    const fresh = await loadPage(base, '/profile', stale.cookie, { 'x-user': 'alice' });
    const client = new LiveClient(base, 'websocket', stale.cookie);
    await client.connect();

    vi.setSystemTime(renderedAt + ttl + 1);
    const refused = await client.join(stale, 1, '/profile');
    expect(refused[0]).toBe('x');
    expect(refused[2]).toBe('KN_ERR_TOKEN_EXPIRED');
    expect(refused[4]).toBe(1);
    expect(client.html(1)).toBe('');

    // The same session goes on: a token that has not yet outlived its TTL joins.
    vi.setSystemTime(renderedAt + ttl);
    const accepted = await client.join(fresh, 1, '/profile');
    expect(accepted[0]).toBe('r');
    expect(client.html(1)).toBe('<p>alice: pin-4711</p>');
    client.kill();
  });

  it.each(['sse', 'longpoll'] as const)('is refused the same way over %s', async (transport) => {
    const { base } = await start({ tokenTtlMs: 60_000 });
    vi.useFakeTimers({ toFake: ['Date'] });
    const renderedAt = Date.now();
    const page = await loadPage(base, '/profile');
    const client = new LiveClient(base, transport, page.cookie);
    await client.connect();
    vi.setSystemTime(renderedAt + 60_001);
    expect((await client.join(page, 1, '/profile'))[2]).toBe('KN_ERR_TOKEN_EXPIRED');
    client.kill();
  });
});

describe('a token signed with another secret', () => {
  it('is KN_ERR_TOKEN_INVALID at join, and nothing of its session reaches the client', async () => {
    const ours = await start();
    const theirs = await start({ secret: OTHER_SECRET });
    const foreign = await loadPage(theirs.base, '/profile', undefined, { 'x-user': 'mallory' });
    expect(mountedFor).toEqual(['mallory']);

    const page = await loadPage(ours.base, '/profile', undefined, { 'x-user': 'bob' });
    const client = new LiveClient(ours.base, 'websocket', page.cookie);
    await client.connect();
    const refused = await client.join({ ...page, token: foreign.token }, 1, '/profile');
    expect(refused[0]).toBe('x');
    expect(refused[2]).toBe('KN_ERR_TOKEN_INVALID');
    const wire = JSON.stringify(client.frames);
    expect(wire).not.toContain('mallory');
    expect(wire).not.toContain('pin-4711');
    expect(client.frames.filter((frame) => frame[0] !== 'x')).toEqual([]);
    expect(client.html(1)).toBe('');
    // Our server mounted nothing for it (bob's render is the only new mount).
    expect(mountedFor).toEqual(['mallory', 'bob']);

    // The session is not harmed: our own page joins on it.
    expect((await client.join(page, 1, '/profile'))[0]).toBe('r');
    expect(client.html(1)).toBe('<p>bob: pin-4711</p>');
    client.kill();
  });
});
