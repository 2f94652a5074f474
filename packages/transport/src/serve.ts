import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { portUnavailable } from './errors.js';
import { unusedSocketCloser } from './unused-sockets.js';

/** Where to listen and how long a stop may take. Every field has a default. */
export interface ServeOptions {
  /** Default: `PORT` (`kinetic dev` and `kinetic start` set it), else 3000. */
  readonly port?: number;
  /** Default: `HOST`, else 127.0.0.1. */
  readonly host?: string;
  /**
   * The longest a stop may take: then the process exits anyway, with code 1. Keep it above
   * the kinetic plugin's `shutdownDeadlineMs` (10 s by default), which bounds the drain of
   * live sessions. Default: `KINETIC_SHUTDOWN_DEADLINE_MS`, else 15 s.
   */
  readonly deadlineMs?: number;
  /** What the line printed once listening calls the app. Default `Kinetic app`. */
  readonly name?: string;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type StopSignal = (typeof SIGNALS)[number];
const SIGNAL_EXIT: Readonly<Record<StopSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

// One Ctrl-C can arrive more than once: the terminal signals the whole process group, and
// npm, pnpm or `kinetic start` forward it again. Repeats this close together are that one
// keypress, not a second request to stop.
const REPEAT_MS = 300;

/**
 * Runs a Fastify app as a server process: listens, prints one line once it does, and stops
 * on SIGINT/SIGTERM: open pages are told to reconnect (the kinetic plugin's drain), idle
 * connections are closed, and the process exits 0, or 1 once `deadlineMs` passed whatever
 * the sockets do. A second signal exits at once (130 for SIGINT, 143 for SIGTERM). A failure
 * to start (a configuration error such as `KN_ERR_SECRET`, a port in use) prints one line
 * saying what to do and exits 1.
 *
 * Give it the app before it listens (as `buildApp()` returns it).
 * @example
 * await serve(buildApp({ logger: { level: process.env.LOG_LEVEL ?? 'info' } }));
 */
export async function serve(
  app: FastifyInstance | PromiseLike<FastifyInstance>,
  options: ServeOptions = {},
): Promise<FastifyInstance> {
  const port = options.port ?? envNumber('PORT') ?? 3000;
  const host = options.host ?? process.env.HOST ?? '127.0.0.1';
  const deadlineMs = options.deadlineMs ?? envNumber('KINETIC_SHUTDOWN_DEADLINE_MS') ?? 15_000;

  let instance: FastifyInstance | undefined;
  let closeUnused: (() => void) | undefined;
  let stopping: number | undefined;
  const stop = (signal: StopSignal) => {
    if (stopping !== undefined) {
      if (performance.now() - stopping < REPEAT_MS) return;
      console.error(`${signal} again: exiting now.`);
      process.exit(SIGNAL_EXIT[signal]);
    }
    stopping = performance.now();
    setTimeout(() => {
      console.error(`Not stopped within ${deadlineMs} ms: exiting anyway.`);
      process.exit(1);
    }, deadlineMs).unref();
    if (instance === undefined) process.exit(SIGNAL_EXIT[signal]);
    // In `kinetic dev` the dev server speaks for the app.
    if (process.env.KINETIC_DEV !== '1') {
      console.error(`${signal}: stopping (press Ctrl-C again to exit at once).`);
    }
    closeUnused?.();
    instance.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(explain(error));
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, stop);

  try {
    instance = await app;
  } catch (error) {
    return failed(error);
  }
  closeUnused = unusedSocketCloser(instance);
  try {
    await instance.listen({ port, host });
  } catch (error) {
    return failed(error, { port, host });
  }
  // `kinetic dev` prints its own address; the app's there is a private one.
  if (process.env.KINETIC_DEV !== '1') {
    console.log(
      `${options.name ?? 'Kinetic app'} listening on ${urlOf(instance)} (Ctrl-C to stop)`,
    );
  }
  return instance;
}

function failed(error: unknown, at?: { port: number; host: string }): never {
  console.error(explain(error, at));
  process.exit(1);
}

/** One line for what the user can fix (configuration, a port in use); a stack for a bug. */
function explain(error: unknown, at?: { port: number; host: string }): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (at !== undefined && (code === 'EADDRINUSE' || code === 'EACCES')) {
    return portUnavailable(at.port, at.host, code === 'EADDRINUSE').message;
  }
  // In `kinetic dev` a stack lets the overlay point at the line at fault.
  const dev = process.env.KINETIC_DEV === '1';
  if (!dev && error instanceof Error && typeof code === 'string' && code.startsWith('KN_ERR_')) {
    return error.message;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function urlOf(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo | string | null;
  if (address === null || typeof address === 'string') return String(address);
  const host =
    address.address === '0.0.0.0' || address.address === '::'
      ? 'localhost'
      : address.family === 'IPv6'
        ? `[${address.address}]`
        : address.address;
  return `http://${host}:${address.port}/`;
}

function envNumber(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
