import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * The app a live() test drives: a Fastify instance the test owns and closes itself, or a
 * function that builds one (such as an example's `buildApp`), which live() then owns and
 * closes in close().
 */
export type AppSource = FastifyInstance | (() => FastifyInstance | Promise<FastifyInstance>);

/** A listening app: its base URL, and how to let it go. */
export interface ServedApp {
  readonly app: FastifyInstance;
  /** `http://127.0.0.1:<port>`: the page origin, and the Origin the live socket sends. */
  readonly base: string;
  release(): Promise<void>;
}

/** Listens started by live() on instances it does not own, shared by the views on them. */
const listening = new WeakMap<FastifyInstance, Promise<string>>();

function baseOf(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo | string | null;
  if (address === null || typeof address === 'string') {
    throw new Error('the app listens on a pipe; live() needs a TCP address');
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return baseOf(app);
}

/**
 * Makes the app listen on 127.0.0.1 (a random port) unless it already does: the
 * WebSocket must be a real one. An app live() built is closed on release; an app the test
 * passed in stays up for its other tests, and the test closes it.
 */
export async function serve(source: AppSource): Promise<ServedApp> {
  if (typeof source === 'function') {
    const app = await source();
    const base = await listen(app);
    return { app, base, release: () => app.close() };
  }
  const app = source;
  let base = listening.get(app);
  if (base === undefined) {
    base = app.server.listening ? Promise.resolve(baseOf(app)) : listen(app);
    listening.set(app, base);
  }
  return { app, base: await base, release: async () => {} };
}
