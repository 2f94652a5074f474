import { randomBytes } from 'node:crypto';
import type { Logger, PresenceList, PresenceMeta } from '@kinetic/core';
import { decodeValue, encodeValue, type PresenceAdapter } from '@kinetic/core/runtime';
import type { Redis } from 'ioredis';
import { close, connect, consoleLog, type RedisAdapterOptions, ready } from './connection.js';

/** Options of redisPresence(). */
export interface RedisPresenceOptions extends RedisAdapterOptions {
  /**
   * How long a process counts as alive after its last heartbeat (sent every third of it).
   * A process that dies without untracking (SIGKILL, a lost machine) vanishes from lists
   * after this, and its entries leave (with leave diffs) within a third of it more.
   * Default 10 s: gone within about 13 s.
   */
  readonly nodeTtlMs?: number;
  /** Names this process in Redis. Default: random. */
  readonly nodeId?: string;
}

const SEPARATOR = '\u0000';

/**
 * Presence across processes on Redis. Each topic is a hash of `node, key, ref` to meta;
 * each process heartbeats into a sorted set of live nodes and sweeps the entries of those
 * that stopped (one sweeper per dead node, by lock), reporting them as departures so every
 * process's views see them leave. Lists leave out dead nodes' entries even before the sweep.
 * @example
 * await app.register(kinetic, { secret, presence: redisPresence({ redis: process.env.REDIS_URL }) });
 */
export function redisPresence(options: RedisPresenceOptions = {}): RedisPresence {
  return new RedisPresence(options);
}

export class RedisPresence implements PresenceAdapter {
  readonly nodeId: string;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly ttl: number;
  private readonly log: Logger;
  private readonly timer: NodeJS.Timeout;
  private departed: ((topic: string, key: string, meta: PresenceMeta) => void) | undefined;
  private closed = false;

  constructor(options: RedisPresenceOptions) {
    this.nodeId = options.nodeId ?? randomBytes(8).toString('base64url');
    this.prefix = `${options.prefix ?? 'kinetic:'}presence:`;
    this.ttl = options.nodeTtlMs ?? 10_000;
    this.log = options.log ?? consoleLog;
    this.redis = connect(options, 'presence');
    void this.beat();
    this.timer = setInterval(() => void this.beat(), Math.max(50, Math.floor(this.ttl / 3)));
    this.timer.unref();
  }

  watch(departed: (topic: string, key: string, meta: PresenceMeta) => void): void {
    this.departed = departed;
  }

  async track(topic: string, key: string, meta: PresenceMeta): Promise<void> {
    await (await ready(this.redis))
      .multi()
      .hset(
        this.topicKey(topic),
        this.field(this.nodeId, key, meta.ref),
        encodeValue(meta, 'the presence meta'),
      )
      .sadd(this.nodeTopicsKey(this.nodeId), topic)
      .zadd(this.nodesKey, Date.now() + this.ttl, this.nodeId)
      .exec();
  }

  async untrack(topic: string, key: string, ref: string): Promise<PresenceMeta | undefined> {
    const field = this.field(this.nodeId, key, ref);
    const [[, value] = [], [, removed] = []] =
      (await (
        await ready(this.redis)
      )
        .multi()
        .hget(this.topicKey(topic), field)
        .hdel(this.topicKey(topic), field)
        .exec()) ?? [];
    if (removed !== 1 || typeof value !== 'string') return undefined;
    return decodeValue(value) as PresenceMeta;
  }

  async list(topic: string): Promise<PresenceList> {
    const entries = await (await ready(this.redis)).hgetall(this.topicKey(topic));
    const fields = Object.entries(entries).map(([field, value]) => ({
      ...this.parse(field),
      value,
    }));
    const nodes = [...new Set(fields.map((f) => f.node))];
    const alive = new Set<string>();
    if (nodes.length > 0) {
      const expiries = await this.redis.zmscore(this.nodesKey, ...nodes);
      const now = Date.now();
      nodes.forEach((node, i) => {
        if (Number(expiries[i] ?? 0) > now) alive.add(node);
      });
    }
    const list: Record<string, { metas: PresenceMeta[] }> = {};
    for (const { node, key, value } of fields) {
      // A dead node's entries are not listed, swept or not.
      if (!alive.has(node)) continue;
      const entry = list[key] ?? { metas: [] };
      entry.metas.push(decodeValue(value) as PresenceMeta);
      list[key] = entry;
    }
    return list;
  }

  /** Stops heartbeating; this node's entries go with its untracks (or the sweep, if any remain). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await close(this.redis);
  }

  private get nodesKey(): string {
    return `${this.prefix}nodes`;
  }

  private topicKey(topic: string): string {
    return `${this.prefix}topic:${topic}`;
  }

  private nodeTopicsKey(node: string): string {
    return `${this.prefix}node-topics:${node}`;
  }

  private field(node: string, key: string, ref: string): string {
    return [node, key, ref].join(SEPARATOR);
  }

  private parse(field: string): { node: string; key: string; ref: string } {
    const first = field.indexOf(SEPARATOR);
    const last = field.lastIndexOf(SEPARATOR);
    return {
      node: field.slice(0, first),
      key: field.slice(first + 1, last),
      ref: field.slice(last + 1),
    };
  }

  /** Says this node is alive, and sweeps the nodes that are not. */
  private async beat(): Promise<void> {
    if (this.closed) return;
    try {
      await (await ready(this.redis)).zadd(this.nodesKey, Date.now() + this.ttl, this.nodeId);
      const dead = await this.redis.zrangebyscore(this.nodesKey, '-inf', Date.now());
      for (const node of dead) if (node !== this.nodeId) await this.sweep(node);
    } catch (error) {
      // Redis is down: this node's entries stay; their expiry is what a reader goes by.
      this.log.warn(
        { err: { message: (error as Error).message } },
        'presence heartbeat failed; it is retried',
      );
    }
  }

  /** Removes a dead node's entries, once across all nodes (by lock), reporting each. */
  private async sweep(node: string): Promise<void> {
    const lock = await this.redis.set(
      `${this.prefix}sweep:${node}`,
      this.nodeId,
      'PX',
      this.ttl,
      'NX',
    );
    if (lock !== 'OK') return;
    const topics = await this.redis.smembers(this.nodeTopicsKey(node));
    for (const topic of topics) {
      const entries = await this.redis.hgetall(this.topicKey(topic));
      for (const [field, value] of Object.entries(entries)) {
        const parsed = this.parse(field);
        if (parsed.node !== node) continue;
        if ((await this.redis.hdel(this.topicKey(topic), field)) === 1) {
          this.departed?.(topic, parsed.key, decodeValue(value) as PresenceMeta);
        }
      }
    }
    await this.redis.multi().del(this.nodeTopicsKey(node)).zrem(this.nodesKey, node).exec();
  }
}
