// What the app's log says about live sessions, over every transport: a failure's record
// names the session (its log id), the view, the event, the code and the request it came on,
// and no line anywhere holds what would let someone take a session over or forge a join.
import { defineView, html } from '@kinetic/core';
import { LiveClient, loadPage, type TransportName } from '@kinetic/testing/wire';
import { kinetic } from '@kinetic/transport';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { logLines } from '../test/log-lines.js';
import { audit } from './audit.js';

const SECRET = 'logs-test-secret-0123456789-0123456789-abcdef';
const TRANSPORTS: TransportName[] = ['websocket', 'sse', 'longpoll'];

const Failing = defineView({
  name: 'Failing',
  mount: () => ({ count: 0 }),
  events: {
    inc: (_p, socket) => {
      socket.update('count', (n: number) => n + 1);
    },
    save: () => {
      throw new Error('the database is on fire');
    },
  },
  render: ({ count }) => html`<p>Count: <b>${count}</b></p>`,
});

interface LogLine {
  readonly level: number;
  readonly msg?: string;
  readonly reqId?: string;
  readonly session?: string;
  readonly view?: string;
  readonly event?: string;
  readonly code?: string;
  readonly err?: { readonly message?: string; readonly stack?: string; readonly type?: string };
  readonly req?: { readonly url?: string };
}

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function start() {
  const { lines, stream } = logLines();
  const app = Fastify({ logger: { level: 'info', stream } });
  apps.push(app);
  // Short polls, so a long-poll session's requests come and go within the test. The audit
  // log writes to the same logger: its records are lines like any other here.
  await app.register(kinetic, {
    secret: SECRET,
    longPollMs: 200,
    longPollGapMs: 100,
    plugins: [audit()],
  });
  app.live('/', Failing);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return {
    app,
    base: `http://127.0.0.1:${port}`,
    text: () => lines.join(''),
    records: () =>
      lines
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as LogLine),
  };
}

/** A session's log id. */
const LOG_ID = /^[\w-]{8}$/;

describe('the logs of live sessions', () => {
  it('over websocket, sse and longpoll: failures carry their context, and no secret is ever logged', async () => {
    const { app, base, text, records } = await start();
    const secrets: string[] = [];
    const sessions = new Map<TransportName, string>();

    for (const transport of TRANSPORTS) {
      const page = await loadPage(base, '/');
      const client = new LiveClient(base, transport, page.cookie);
      await client.connect();
      expect((await client.join(page, 1, '/'))[0]).toBe('r');
      expect((await client.event(1, 'save'))[2]).toBe('KN_ERR_VIEW_HANDLER');
      expect((await client.event(1, 'nope'))[2]).toBe('KN_ERR_UNKNOWN_EVENT');
      // A resume spends the key and hands out another: both must stay out of the logs.
      client.kill();
      expect((await client.connect())[2]).toBe(1);
      await client.event(1, 'inc');
      expect(client.html(1)).toContain('<b>1</b>');
      // Somebody with this session's sid and a key of their own: refused, and audited.
      const thief = new LiveClient(base, transport, page.cookie);
      thief.sid = client.sid;
      thief.key = `stolen-${transport}-key-attempt`;
      expect((await thief.connect())[1]).not.toBe(client.sid);
      await thief.close();
      secrets.push(page.csrf, page.token, client.sid as string, thief.key);
      for (const hello of [...client.hellos, ...thief.hellos]) secrets.push(hello[5]);

      const failure = records().find(
        (r) => r.level === 50 && r.code === 'KN_ERR_VIEW_HANDLER' && !sessionsSeen(sessions, r),
      );
      expect(failure, `the ${transport} session's failure was logged`).toBeDefined();
      const record = failure as LogLine;
      expect(record).toMatchObject({ view: 'Failing', event: 'save', code: 'KN_ERR_VIEW_HANDLER' });
      expect(record.session).toMatch(LOG_ID);
      expect(record.err?.message).toBe('the database is on fire');
      expect(record.err?.stack).toContain('logs.test.ts');
      // reqId: the request the session's transport attached with, as Fastify logged it.
      expect(record.reqId).toEqual(expect.any(String));
      // Its URL as logged: the path only (the query, with sid and key, is cut).
      const attached = records().find((r) => r.reqId === record.reqId && r.req !== undefined);
      expect(attached?.req?.url).toMatch(/^\/_kinetic\/live\/(websocket|sse|poll)(\?…)?$/);
      sessions.set(transport, record.session as string);

      // An unknown event is what any client can send: a warning with the same context.
      const unknown = records().find(
        (r) => r.code === 'KN_ERR_UNKNOWN_EVENT' && r.session === record.session,
      );
      expect(unknown).toMatchObject({ level: 40, view: 'Failing', event: 'nope' });
      expect(unknown?.reqId).toBe(record.reqId);
      await client.close();
    }
    // One log id per session.
    expect(new Set(sessions.values()).size).toBe(3);

    await app.close();
    apps.splice(apps.indexOf(app), 1);
    // Every line, the audit log's and the shutdown's included.
    const logged = text();
    expect(logged).toContain('/_kinetic/live/');
    expect(
      records().filter((r) => (r as { logger?: string }).logger === 'kinetic.audit'),
    ).toHaveLength(TRANSPORTS.length + 1);
    expect(secrets.length).toBeGreaterThanOrEqual(TRANSPORTS.length * 5);
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      expect(logged).not.toContain(secret);
    }
  });
});

/** Whether `record` is of a session this test already checked. */
function sessionsSeen(sessions: ReadonlyMap<TransportName, string>, record: LogLine): boolean {
  return [...sessions.values()].includes(record.session as string);
}
