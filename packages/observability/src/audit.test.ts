import diagnostics from 'node:diagnostics_channel';
import { definePlugin, defineView, html } from '@kinetic/core';
import { LiveClient, type LivePage, loadPage } from '@kinetic/testing/wire';
import { type KineticOptions, kinetic } from '@kinetic/transport';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { logLines } from '../test/log-lines.js';
import { type AuditOptions, type AuditRecord, audit } from './audit.js';

const SECRET = 'audit-test-secret-0123456789-0123456789-abcd';

const Guarded = defineView({
  name: 'Guarded',
  mount: () => ({ count: 0 }),
  events: {
    inc: (_p, socket) => {
      socket.update('count', (n: number) => n + 1);
    },
    escape: (_p, socket) => socket.redirect('javascript:alert(1)'),
  },
  render: ({ count }) => html`<p>Count: <b>${count}</b></p>`,
});

/** Refuses joins of pages loaded with `?join=no`, as an app's own guard would. */
const joinGate = definePlugin('join-gate', (app) => {
  app.addHook('beforeJoin', (ctx) => {
    if (ctx.url.searchParams.get('join') === 'no') ctx.refuse('joins are closed');
  });
});

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function start(options: Partial<KineticOptions> = {}, auditOptions?: AuditOptions) {
  const records: AuditRecord[] = [];
  const { lines, stream } = logLines();
  const app = Fastify({ logger: { level: 'info', stream } });
  apps.push(app);
  await app.register(kinetic, {
    secret: SECRET,
    plugins: [joinGate, audit(auditOptions ?? { logger: (record) => void records.push(record) })],
    ...options,
  });
  app.live('/', Guarded);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  const startedAt = Date.now();

  /** The one record with `code`, once it came (onRefuse fires after the answer left). */
  const recordOf = async (code: string): Promise<AuditRecord> => {
    for (let i = 0; i < 200 && !records.some((r) => r.code === code); i++) await sleep(10);
    const found = records.filter((r) => r.code === code);
    expect(found).toHaveLength(1);
    const record = found[0] as AuditRecord;
    // An ISO time, of this test.
    expect(record.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(record.time)).toBeGreaterThanOrEqual(startedAt);
    expect(Date.parse(record.time)).toBeLessThanOrEqual(Date.now());
    return record;
  };
  return { app, base, records, recordOf, logs: () => lines.join('') };
}

async function joined(base: string, path = '/') {
  const page = await loadPage(base, path);
  const client = new LiveClient(base, 'websocket', page.cookie);
  await client.connect();
  const reply = await client.join(page, 1, path);
  return { client, page, reply };
}

async function connected(base: string, path = '/') {
  const page = await loadPage(base, path);
  const client = new LiveClient(base, 'websocket', page.cookie);
  await client.connect();
  return { client, page };
}

/** A session's log id: what `session` holds, never the sid. */
const LOG_ID = /^[\w-]{8}$/;

/** A poll request that would open a session (the long-poll transport's first request). */
const openPoll = (base: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/_kinetic/live/poll?vsn=1&hello=1`, { headers: { origin: base, ...headers } });

describe('audit(): one record for each refusal the runtime makes', () => {
  it('KN_ERR_ORIGIN: a live connection from another site', async () => {
    const { base, recordOf } = await start();
    const response = await openPoll(base, { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    const record = await recordOf('KN_ERR_ORIGIN');
    expect(record).toMatchObject({ event: 'refused', code: 'KN_ERR_ORIGIN', ip: '127.0.0.1' });
    expect(record.reason).toContain('https://evil.example');
    // Refused before any session or view.
    expect(record.view).toBeUndefined();
    expect(record.session).toBeUndefined();
  });

  it('KN_ERR_CSRF: a join whose CSRF token is not the page’s', async () => {
    const { base, recordOf } = await start();
    const { client, page } = await connected(base);
    const reply = await client.join({ ...page, csrf: 'not-the-csrf-token' }, 1, '/');
    expect(reply[2]).toBe('KN_ERR_CSRF');
    const record = await recordOf('KN_ERR_CSRF');
    expect(record).toMatchObject({ event: 'refused', ip: '127.0.0.1' });
    expect(record.session).toMatch(LOG_ID);
    expect(record.session).not.toBe(client.sid);
    // The token verified, so the refusal names the view it was for.
    expect(record.view).toBe('Guarded');
  });

  it('KN_ERR_TOKEN_INVALID: a view token whose signature was tampered with', async () => {
    const { base, recordOf } = await start();
    const { client, page } = await connected(base);
    const last = page.token.at(-1) === 'A' ? 'B' : 'A';
    const tampered: LivePage = { ...page, token: page.token.slice(0, -1) + last };
    const reply = await client.join(tampered, 1, '/');
    expect(reply[2]).toBe('KN_ERR_TOKEN_INVALID');
    const record = await recordOf('KN_ERR_TOKEN_INVALID');
    expect(record).toMatchObject({ event: 'refused', ip: '127.0.0.1' });
    expect(record.session).toMatch(LOG_ID);
    // Nothing of a forged token is trusted, its view included.
    expect(record.view).toBeUndefined();
  });

  it('KN_ERR_TOKEN_EXPIRED: a page kept open past tokenTtlMs', async () => {
    const { base, recordOf } = await start({ tokenTtlMs: 50 });
    const { client, page } = await connected(base);
    await sleep(100);
    const reply = await client.join(page, 1, '/');
    expect(reply[2]).toBe('KN_ERR_TOKEN_EXPIRED');
    const record = await recordOf('KN_ERR_TOKEN_EXPIRED');
    expect(record).toMatchObject({ event: 'refused', ip: '127.0.0.1' });
    expect(record.session).toMatch(LOG_ID);
    expect(record.view).toBeUndefined();
  });

  it('KN_ERR_RATE_LIMITED: frames past the per-session rate', async () => {
    const { base, recordOf } = await start({ framesPerSecond: 1, frameBurst: 2 });
    const { client, reply } = await joined(base);
    expect(reply[0]).toBe('r');
    // The join took one token of the burst: the next event gets the other, the third none.
    const answers = await Promise.all([client.event(1, 'inc'), client.event(1, 'inc')]);
    expect(answers.map((a) => a[2] ?? 'ok')).toContain('KN_ERR_RATE_LIMITED');
    const record = await recordOf('KN_ERR_RATE_LIMITED');
    expect(record).toMatchObject({ event: 'refused', ip: '127.0.0.1' });
    expect(record.session).toMatch(LOG_ID);
    // The rate limit is the session's, before any frame is read for its view.
    expect(record.view).toBeUndefined();
  });

  it('KN_ERR_FRAME_TOO_LARGE: a client message over maxFrameBytes', async () => {
    const { base, recordOf } = await start({ maxFrameBytes: 1024 });
    const { client } = await joined(base);
    void client.event(1, 'inc', { pad: 'x'.repeat(2048) }).catch(() => {});
    await client.until(() => client.closedWith !== undefined);
    expect(client.closedWith?.[0]).toBe(1009);
    const record = await recordOf('KN_ERR_FRAME_TOO_LARGE');
    expect(record).toMatchObject({ event: 'refused', ip: '127.0.0.1' });
    expect(record.session).toMatch(LOG_ID);
    expect(record.reason).toContain('1024');
  });

  it('KN_ERR_FRAME_TOO_LARGE: a message the socket or the POST body limit refuses (over 4x maxFrameBytes)', async () => {
    const { base, records } = await start({ maxFrameBytes: 1024 });
    const { client } = await joined(base);
    void client.event(1, 'inc', { pad: 'x'.repeat(8000) }).catch(() => {});
    await client.until(() => client.closedWith !== undefined);
    const posted = await fetch(`${base}/_kinetic/live/sse`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x'.repeat(8000),
    });
    expect(posted.status).toBe(413);
    await expect
      .poll(() => records.filter((r) => r.code === 'KN_ERR_FRAME_TOO_LARGE').length)
      .toBe(2);
    for (const record of records.filter((r) => r.code === 'KN_ERR_FRAME_TOO_LARGE')) {
      expect(record).toMatchObject({ event: 'refused', ip: '127.0.0.1' });
      expect(record.reason).toContain('1024');
    }
  });

  it('KN_ERR_CAPACITY: a new session on a full server (maxSessions: 1)', async () => {
    const { base, recordOf } = await start({ maxSessions: 1 });
    await joined(base);
    const response = await openPoll(base);
    expect(response.status).toBe(503);
    expect((await response.json()).code).toBe('KN_ERR_CAPACITY');
    const record = await recordOf('KN_ERR_CAPACITY');
    expect(record).toMatchObject({ event: 'refused', ip: '127.0.0.1' });
    expect(record.session).toBeUndefined();
  });

  it('KN_ERR_TOO_MANY_CONNECTIONS: one address over maxConnectionsPerIp', async () => {
    const { base, recordOf } = await start({ maxConnectionsPerIp: 1 });
    await joined(base);
    const response = await openPoll(base);
    expect(response.status).toBe(429);
    const record = await recordOf('KN_ERR_TOO_MANY_CONNECTIONS');
    expect(record).toMatchObject({ event: 'refused', ip: '127.0.0.1' });
    expect(record.session).toBeUndefined();
  });

  it('KN_ERR_SESSION_TAKEOVER: the victim’s sid with a wrong key', async () => {
    const { base, recordOf, records } = await start();
    const { client: victim, page } = await joined(base);
    const thief = new LiveClient(base, 'websocket', page.cookie);
    thief.sid = victim.sid;
    thief.key = 'not-the-key-of-this-session';
    const hello = await thief.connect();
    // The thief gets a new, empty session; the victim keeps theirs.
    expect(hello[1]).not.toBe(victim.sid);
    const record = await recordOf('KN_ERR_SESSION_TAKEOVER');
    expect(record).toMatchObject({ event: 'refused', ip: '127.0.0.1' });
    // Neither the sid named nor the key tried is recorded.
    expect(JSON.stringify(records)).not.toContain(victim.sid as string);
    expect(JSON.stringify(records)).not.toContain('not-the-key-of-this-session');
  });

  it('KN_ERR_UNSAFE_URL: a handler redirecting to javascript:', async () => {
    const { base, recordOf } = await start();
    const { client } = await joined(base);
    const reply = await client.event(1, 'escape');
    expect(reply[2]).toBe('KN_ERR_UNSAFE_URL');
    const record = await recordOf('KN_ERR_UNSAFE_URL');
    expect(record).toMatchObject({ event: 'refused', ip: '127.0.0.1', view: 'Guarded' });
    expect(record.session).toMatch(LOG_ID);
    expect(record.session).not.toBe(client.sid);
  });

  it('KN_ERR_REFUSED: a join a beforeJoin hook refuses', async () => {
    const { base, recordOf } = await start();
    const { reply } = await joined(base, '/?join=no');
    expect(reply[2]).toBe('KN_ERR_REFUSED');
    const record = await recordOf('KN_ERR_REFUSED');
    expect(record).toMatchObject({ event: 'refused', ip: '127.0.0.1' });
    expect(record.reason).toContain('joins are closed');
    expect(record.session).toMatch(LOG_ID);
    expect(record.view).toBe('Guarded');
  });

  it('shutdown: a graceful shutdown began', async () => {
    const { app, base, recordOf } = await start();
    await joined(base);
    await app.close();
    apps.splice(apps.indexOf(app), 1);
    const record = await recordOf('KN_ERR_SHUTTING_DOWN');
    expect(record).toMatchObject({ event: 'shutdown', sessions: 1, deadlineMs: 10_000 });
    expect(record.reason).toContain('draining 1 live session');
    // Nobody asked for it over the network.
    expect(record.ip).toBeUndefined();
    expect(record.view).toBeUndefined();
  });
});

describe('where audit records go', () => {
  it('by default, the app’s log, bound logger: kinetic.audit, and always the diagnostics channel', async () => {
    const published: AuditRecord[] = [];
    const listener = (message: unknown) => void published.push(message as AuditRecord);
    diagnostics.subscribe('kinetic.audit', listener);
    try {
      const { base, logs } = await start({}, {});
      await openPoll(base, { origin: 'https://evil.example' });
      for (let i = 0; i < 100 && !logs().includes('kinetic.audit'); i++) await sleep(10);
      const lines = logs()
        .trim()
        .split('\n')
        .filter((line) => line.includes('"logger":"kinetic.audit"'));
      expect(lines).toHaveLength(1);
      const line = lines[0] as string;
      // One time per line: pino's own.
      expect(line.match(/"time":/g)).toHaveLength(1);
      expect(JSON.parse(line)).toMatchObject({
        level: 40,
        logger: 'kinetic.audit',
        event: 'refused',
        code: 'KN_ERR_ORIGIN',
        ip: '127.0.0.1',
        msg: expect.stringContaining('KN_ERR_ORIGIN'),
      });
      expect(published).toHaveLength(1);
      expect(published[0]).toMatchObject({ event: 'refused', code: 'KN_ERR_ORIGIN' });
      expect(published[0]?.time).toMatch(/Z$/);
    } finally {
      diagnostics.unsubscribe('kinetic.audit', listener);
    }
  });

  it('to any pino-like logger given', async () => {
    const got: Array<[string, object, string]> = [];
    const logger = {
      info: (fields: object, message: string) => void got.push(['info', fields, message]),
      warn: (fields: object, message: string) => void got.push(['warn', fields, message]),
      error: (fields: object, message: string) => void got.push(['error', fields, message]),
    };
    const { app, base } = await start({}, { logger });
    await openPoll(base, { origin: 'https://evil.example' });
    for (let i = 0; i < 100 && got.length === 0; i++) await sleep(10);
    await app.close();
    apps.splice(apps.indexOf(app), 1);
    expect(got.map(([level, fields]) => [level, (fields as AuditRecord).code])).toEqual([
      ['warn', 'KN_ERR_ORIGIN'],
      ['info', 'KN_ERR_SHUTTING_DOWN'],
    ]);
  });
});
