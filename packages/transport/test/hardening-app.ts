// The app the hardening tests attack: a counter whose handlers navigate where the payload
// says, a document route with a guard, and a view that renders as much as it is asked to.
import { Writable } from 'node:stream';
import { defineView, html } from '@kinetic/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach } from 'vitest';
import { type KineticOptions, kinetic } from '../src/index.js';

export const SECRET = 'hardening-test-secret-7Yq2-xK9p-Lm4w-Z8r1-Vb6n';

export const Counter = defineView({
  name: 'Counter',
  mount: () => ({ count: 0 }),
  events: {
    inc: (_p, socket) => {
      socket.update('count', (n) => n + 1);
    },
    redirect: (payload, socket) => socket.redirect(String(payload.to)),
    patch: (payload, socket) => socket.patchURL(String(payload.to)),
    navigate: (payload, socket) => socket.navigate(String(payload.to)),
  },
  render: ({ count }) => html`<p>Count: <b>${count}</b></p>`,
});

/** `/doc/:id`: the guard lets everyone read every document but "secret". */
export const Doc = defineView({
  name: 'Doc',
  mount: (params) => ({ id: String(params.id) }),
  handleParams: (params, _url, socket) => {
    socket.assign({ id: String(params.id) });
  },
  render: ({ id }) => html`<article>document ${id}</article>`,
});

/** `/vault/:id`: the view's own authorize() lets only the owner in. */
export const Vault = defineView({
  name: 'Vault',
  authorize: (params, session) => params.id === session.user,
  mount: (params) => ({ id: String(params.id) }),
  handleParams: (params, _url, socket) => {
    socket.assign({ id: String(params.id) });
  },
  render: ({ id }) => html`<article>vault of ${id}</article>`,
});

/** Answers every event with `size` characters of fresh content. */
export const Big = defineView({
  name: 'Big',
  mount: () => ({ text: '', n: 0 }),
  events: {
    grow: (payload, socket) => {
      socket.update('n', (n) => n + 1);
      socket.assign({ text: `${socket.assigns.n}`.padEnd(Number(payload.size ?? 1000), 'x') });
    },
  },
  render: ({ text }) => html`<pre>${text}</pre>`,
});

export interface HardenedApp {
  readonly app: FastifyInstance;
  readonly base: string;
  /** Everything the app logged, as text. */
  readonly logs: () => string;
}

export async function startHardened(
  options: Partial<KineticOptions> = {},
  fastify: { trustProxy?: boolean } = {},
): Promise<HardenedApp> {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = Fastify({ logger: { level: 'info', stream }, ...fastify });
  await app.register(kinetic, { secret: SECRET, ...options });
  app
    .live('/counter', Counter)
    .live('/big', Big)
    .live('/vault/:id', Vault)
    .live('/doc/:id', Doc, {
      preHandler: async (request, reply) => {
        if ((request.params as { id?: string }).id === 'secret') {
          await reply.code(403).send('forbidden');
        }
      },
    });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { app, base: `http://127.0.0.1:${port}`, logs: () => lines.join('') };
}

/** For a test file: a `start` that closes every app it started after each test. */
export function hardenedApps(): typeof startHardened {
  const running: HardenedApp[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map(({ app }) => app.close()));
  });
  return async (...args) => {
    const started = await startHardened(...args);
    running.push(started);
    return started;
  };
}
