import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LiveChannels, type PresenceAdapter } from '@kinetic/core/runtime';
import { presenceConformance, pubsubConformance } from '@kinetic/testing/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnRedis, sharedRedis, testPrefix } from '../test/redis-server.js';
import { RedisPresence, redisPresence } from './presence.js';
import { RedisPubSub, redisPubSub } from './pubsub.js';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };
let url: string;

beforeAll(async () => {
  url = await sharedRedis();
});

describe('the Redis pubsub adapter keeps the contract', () => {
  for (const check of pubsubConformance(async () => {
    const prefix = testPrefix();
    return [
      redisPubSub({ redis: url, prefix, log: quiet }),
      redisPubSub({ redis: url, prefix, log: quiet }),
    ];
  }))
    it(check.name, check.run);
});

describe('the Redis presence adapter keeps the contract', () => {
  for (const check of presenceConformance(async () => {
    const prefix = testPrefix();
    return [
      redisPresence({ redis: url, prefix, log: quiet }),
      redisPresence({ redis: url, prefix, log: quiet }),
    ];
  }))
    it(check.name, check.run);
});

describe('across processes', () => {
  it('views on two nodes see each other: broadcasts and presence diffs cross', async () => {
    const prefix = testPrefix();
    const node = () =>
      new LiveChannels({
        log: quiet,
        pubsub: redisPubSub({ redis: url, prefix, log: quiet }),
        presence: redisPresence({ redis: url, prefix, log: quiet }),
      });
    const a = node();
    const b = node();
    try {
      const atB: unknown[] = [];
      b.pubsub.subscribe('room:1', (message) => atB.push(message));
      await new Promise((resolve) => setTimeout(resolve, 100)); // the SUBSCRIBE reached Redis
      await a.pubsub.broadcast('room:1', { text: 'hi', at: new Date(0), tags: new Set(['x']) });
      const ref = await a.presence.track('room:1', 'ann', { name: 'Ann' });
      await expect.poll(() => atB.length).toBe(2);
      expect(atB[0]).toEqual({ text: 'hi', at: new Date(0), tags: new Set(['x']) });
      expect(atB[1]).toMatchObject({
        type: 'presence',
        joins: { ann: { metas: [{ name: 'Ann', ref }] } },
        leaves: {},
      });
      expect(Object.keys(await b.presence.list('room:1'))).toEqual(['ann']);
      await a.presence.untrack('room:1', 'ann', ref);
      await expect.poll(() => atB.length).toBe(3);
      expect(atB[2]).toMatchObject({ type: 'presence', leaves: { ann: { metas: [{ ref }] } } });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a node killed with SIGKILL: its entries leave, once, within the TTL and a third', async () => {
    const prefix = testPrefix();
    const ttl = 900;
    const watcher = redisPresence({ redis: url, prefix, nodeTtlMs: ttl, log: quiet });
    const other = redisPresence({ redis: url, prefix, nodeTtlMs: ttl, log: quiet });
    const departures: string[] = [];
    for (const [name, node] of [
      ['watcher', watcher],
      ['other', other],
    ] as const) {
      node.watch((topic, key, meta) => departures.push(`${name} ${topic} ${key} ${meta.ref}`));
    }
    const child = fork(
      fileURLToPath(new URL('../test/presence-node.ts', import.meta.url)),
      [url, prefix, String(ttl)],
      {
        // tsx is this package's: the node resolves it from here.
        execArgv: ['--import', 'tsx'],
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) => reject(new Error(`the node exited with ${code}`)));
      });
      expect(Object.keys(await watcher.list('room:1'))).toEqual(['zed']);
      const killedAt = Date.now();
      child.kill('SIGKILL');
      await expect.poll(() => departures.length, { timeout: 5000, interval: 20 }).toBe(1);
      const took = Date.now() - killedAt;
      // One of the two live nodes swept it, and said so once.
      expect(departures[0]).toMatch(/^(watcher|other) room:1 zed zed-tab$/);
      expect(took).toBeLessThan(ttl + ttl / 3 + 500);
      expect(await watcher.list('room:1')).toEqual({});
    } finally {
      child.kill('SIGKILL');
      await watcher.close();
      await other.close();
    }
  });

  it('Redis down: local views keep talking, remote ones resume when it is back', async () => {
    const redis = new OwnRedis();
    await redis.start();
    const prefix = testPrefix();
    const a = new RedisPubSub({ redis: redis.url, prefix, log: quiet });
    const b = new RedisPubSub({ redis: redis.url, prefix, log: quiet });
    const atA: string[] = [];
    const atB: string[] = [];
    try {
      await a.subscribe('t', (p) => atA.push(p));
      await b.subscribe('t', (p) => atB.push(p));
      await a.publish('t', 'before');
      await expect.poll(() => atB).toEqual(['before']);

      await redis.stop();
      // A publish while Redis is down fails fast (nothing queues up without bound)...
      await expect(a.publish('t', 'during')).rejects.toThrow();
      // ...and still reached this node's own views.
      await expect.poll(() => atA).toEqual(['before', 'during']);

      await redis.start();
      // ioredis reconnects with backoff and subscribes again.
      await expect
        .poll(
          async () => {
            await a.publish('t', 'after').catch(() => {});
            return atB.includes('after');
          },
          { timeout: 10_000, interval: 200 },
        )
        .toBe(true);
      expect(atB[0]).toBe('before');
      expect(atB).not.toContain('during');
    } finally {
      await a.close();
      await b.close();
      await redis.stop();
    }
  });
});

// The adapters are classes too, for apps that keep a handle on them.
it('exports its adapters as classes', () => {
  expect(typeof RedisPubSub).toBe('function');
  expect(typeof RedisPresence).toBe('function');
  const adapter: PresenceAdapter = { track: () => {}, untrack: () => undefined, list: () => ({}) };
  expect(adapter).toBeTruthy();
});

afterAll(() => {});
