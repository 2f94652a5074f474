import { createRequire } from 'node:module';

/** Options of logging(). */
export interface LoggingOptions {
  /** The lowest level logged. Default `LOG_LEVEL` from the environment, else `info`. */
  readonly level?: string;
  /**
   * Readable, coloured lines (pino-pretty) instead of JSON. Default: when standard output is
   * a terminal and NODE_ENV is not production. Under `kinetic dev` output is a pipe, so the
   * app writes JSON and the dev server shows it readably itself.
   */
  readonly pretty?: boolean;
}

/** What `Fastify({ logger })` takes, as far as logging() sets it. */
export interface LoggerOptions {
  readonly level: string;
  readonly transport?: { readonly target: string; readonly options: Record<string, unknown> };
}

/**
 * Fastify's logger options for a Kinetic app: JSON lines (one record per line, for a log
 * pipeline) in production, readable lines in a terminal while developing. Kinetic binds the
 * session's log id, the view and the event to its records either way.
 * @example const app = Fastify({ logger: logging() });
 */
export function logging(options: LoggingOptions = {}): LoggerOptions {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const pretty =
    options.pretty ?? (process.stdout.isTTY === true && process.env.NODE_ENV !== 'production');
  if (!pretty) return { level };
  return {
    level,
    transport: {
      // Resolved from here, so an app needs no pino-pretty of its own.
      target: createRequire(import.meta.url).resolve('pino-pretty'),
      options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' },
    },
  };
}
