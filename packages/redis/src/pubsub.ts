import { randomBytes } from 'node:crypto';
import type { Logger } from '@kinetic/core';
import type { PubSubAdapter } from '@kinetic/core/runtime';
import type { Redis } from 'ioredis';
import { close, connect, consoleLog, type RedisAdapterOptions, ready } from './connection.js';

/** Options of redisPubSub(). */
export interface RedisPubSubOptions extends RedisAdapterOptions {
  /** Names this process in the messages it publishes. Default: random. */
  readonly nodeId?: string;
}

/**
 * Pubsub across processes on Redis. Each process subscribes to a topic's channel once,
 * however many views listen (Kinetic fans out locally). A process delivers its own
 * broadcasts to its own views at once, without the round trip, and skips them when Redis
 * echoes them back (each message carries the node id of its sender): local views keep
 * talking while Redis is down, and a broadcast is never delivered twice.
 * @example
 * await app.register(kinetic, { secret, pubsub: redisPubSub({ redis: process.env.REDIS_URL }) });
 */
export function redisPubSub(options: RedisPubSubOptions = {}): RedisPubSub {
  return new RedisPubSub(options);
}

export class RedisPubSub implements PubSubAdapter {
  readonly nodeId: string;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly deliverers = new Map<string, (payload: string) => void>();
  private readonly log: Logger;
  private closed = false;

  constructor(options: RedisPubSubOptions) {
    this.log = options.log ?? consoleLog;
    this.nodeId = options.nodeId ?? randomBytes(8).toString('base64url');
    this.prefix = `${options.prefix ?? 'kinetic:'}pubsub:`;
    this.publisher = connect(options, 'pubsub publisher');
    this.subscriber = connect(options, 'pubsub subscriber', true);
    this.subscriber.on('message', (channel: string, message: string) => {
      const cut = message.indexOf('\n');
      // Our own broadcasts were delivered here already, when they were published.
      if (cut === -1 || message.slice(0, cut) === this.nodeId) return;
      this.deliver(channel.slice(this.prefix.length), message.slice(cut + 1));
    });
  }

  async subscribe(topic: string, deliver: (payload: string) => void): Promise<void> {
    const known = this.deliverers.has(topic);
    this.deliverers.set(topic, deliver);
    if (!known) await this.subscriber.subscribe(this.prefix + topic);
  }

  async unsubscribe(topic: string): Promise<void> {
    if (!this.deliverers.delete(topic)) return;
    await this.subscriber.unsubscribe(this.prefix + topic);
  }

  async publish(topic: string, payload: string): Promise<void> {
    if (this.closed) return;
    // Local views first, and whatever Redis says: they are this process's own.
    queueMicrotask(() => this.deliver(topic, payload));
    await (await ready(this.publisher)).publish(this.prefix + topic, `${this.nodeId}\n${payload}`);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.deliverers.clear();
    await Promise.all([close(this.subscriber), close(this.publisher)]);
  }

  private deliver(topic: string, payload: string): void {
    try {
      this.deliverers.get(topic)?.(payload);
    } catch (error) {
      // Kinetic's own deliverer never throws; another one's bug must not stop the next message.
      this.log.error({ err: error, topic }, `a deliverer of "${topic}" threw`);
    }
  }
}
