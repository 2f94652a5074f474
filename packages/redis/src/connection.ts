import type { Logger } from '@kinetic/core';
import { Redis, type RedisOptions } from 'ioredis';

/** How to reach Redis: a URL (`redis://`, `rediss://` for TLS), or ioredis options. */
export type RedisConnection = string | RedisOptions;

/** What every Redis adapter takes. */
export interface RedisAdapterOptions {
  /** Where Redis is. Default `redis://127.0.0.1:6379`. TLS, auth and db pass through. */
  readonly redis?: RedisConnection;
  /** Prefix of every key and channel, so apps can share a Redis. Default `kinetic:`. */
  readonly prefix?: string;
  /** Where connection trouble is told. Default: the console. */
  readonly log?: Logger;
}

export const consoleLog: Logger = {
  error: (object, message) => console.error(`[kinetic/redis] ${message}`, object),
  warn: (object, message) => console.warn(`[kinetic/redis] ${message}`, object),
  info: () => {},
};

/**
 * A connection for an adapter. Commands fail at once while Redis is unreachable (no offline
 * queue: it would grow without bound during an outage); ioredis reconnects with backoff and
 * resubscribes, and the adapter's users (pubsub, presence) say what a failure affected.
 */
export function connect(
  options: RedisAdapterOptions,
  role: string,
  /**
   * Queue commands while disconnected: only for a subscriber, whose commands (one per topic)
   * are bounded by the topics a node listens to.
   */
  queueWhileDown = false,
): Redis {
  const log = options.log ?? consoleLog;
  const settings: RedisOptions = {
    enableOfflineQueue: queueWhileDown,
    maxRetriesPerRequest: 1,
    // 50 ms, 100 ms, … up to 2 s between attempts, for as long as it takes.
    retryStrategy: (attempt) => Math.min(attempt * 50, 2000),
    lazyConnect: false,
  };
  const redis =
    typeof options.redis === 'string'
      ? new Redis(options.redis, settings)
      : new Redis({ host: '127.0.0.1', port: 6379, ...options.redis, ...settings });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log.warn(
      { err: { message: error.message }, role },
      `Redis unreachable (${role}): ${error.message}`,
    );
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.info({ role }, `Redis reachable again (${role})`);
  });
  return redis;
}

/**
 * The connection, once it is ready: at most `ms` of waiting (the first connect, a
 * reconnect in progress), after which the command is tried anyway and fails fast if Redis
 * is still away.
 */
export async function ready(redis: Redis, ms = 2000): Promise<Redis> {
  if (redis.status === 'ready') return redis;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      redis.off('end', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    redis.once('ready', done);
    redis.once('end', done);
  });
  return redis;
}

/** Closes a connection, politely if it can. */
export async function close(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
