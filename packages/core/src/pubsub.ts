import { decodeValue, encodeValue } from './codec.js';
import { broadcastTooLarge, KineticError, topicInvalid } from './errors.js';
import type { Logger } from './logger.js';

/**
 * What carries broadcasts between the processes of an app: the in-memory adapter for one
 * process (the default), @kinetic/redis's for several.
 *
 * The contract, which `pubsubConformance` (in @kinetic/testing) checks:
 * - `subscribe(topic, deliver)`: from then on, every payload published to `topic` by any
 *   node is handed to `deliver`, once. A node subscribes once per topic, however many views
 *   listen to it. Subscribing again replaces the deliverer.
 * - `publish(topic, payload)`: the payload reaches every node subscribed to `topic`, the
 *   publishing node included; payloads of one publisher to one topic arrive in the order
 *   they were published. `payload` is text, delivered byte for byte.
 * - `unsubscribe(topic)`: no more payloads for `topic` on this node.
 * - Delivery is never synchronous within `publish` (a deliverer that publishes cannot
 *   recurse), and a deliverer that throws does not stop other deliveries.
 * - `close()`: stops for good; publishes after it are dropped.
 */
export interface PubSubAdapter {
  subscribe(topic: string, deliver: (payload: string) => void): void | Promise<void>;
  unsubscribe(topic: string): void | Promise<void>;
  publish(topic: string, payload: string): void | Promise<void>;
  close?(): void | Promise<void>;
}

/** Pubsub within one process. */
export class MemoryPubSub implements PubSubAdapter {
  private readonly topics = new Map<string, (payload: string) => void>();
  private closed = false;

  constructor(
    /** Where a deliverer's exception goes (PubSub's own never throws). Default: the console. */
    private readonly onError: (error: unknown) => void = (error) => console.error(error),
  ) {}

  subscribe(topic: string, deliver: (payload: string) => void): void {
    this.topics.set(topic, deliver);
  }

  unsubscribe(topic: string): void {
    this.topics.delete(topic);
  }

  publish(topic: string, payload: string): void {
    if (this.closed) return;
    // Later, not now: a view's handleInfo that broadcasts must not run inside the broadcast.
    queueMicrotask(() => {
      try {
        this.topics.get(topic)?.(payload);
      } catch (error) {
        this.onError(error);
      }
    });
  }

  close(): void {
    this.closed = true;
    this.topics.clear();
  }
}

/** Who sent a message, so a sender can leave itself out (`skipSelf`). */
export interface BroadcastMeta {
  /** The socket id of the view that sent it, or undefined for app code. */
  readonly sender: string | undefined;
}

export type BroadcastListener = (message: unknown, meta: BroadcastMeta) => void;

export interface PubSubOptions {
  readonly adapter?: PubSubAdapter | undefined;
  /** Largest encoded message. Default 256 KiB. */
  readonly maxBroadcastBytes?: number | undefined;
  readonly log: Logger;
  /** Told of each broadcast this process sends (the onBroadcast hook): topic, bytes, view. */
  readonly sent?: ((topic: string, bytes: number, view: string | undefined) => void) | undefined;
}

/**
 * The app's pubsub: views and app code subscribe to topics and broadcast to them. One
 * subscription to the adapter per topic, whatever the number of listeners here; one decode
 * per message per process, its listeners sharing the value (treat it as read-only).
 * @example
 * app.kinetic.pubsub.broadcast('orders', { id: 7, status: 'shipped' });
 */
export class PubSub {
  private readonly adapter: PubSubAdapter;
  private readonly maxBytes: number;
  private readonly listeners = new Map<string, Set<BroadcastListener>>();
  private readonly log: Logger;
  private readonly sent: PubSubOptions['sent'];

  constructor(options: PubSubOptions) {
    this.adapter = options.adapter ?? new MemoryPubSub();
    this.maxBytes = options.maxBroadcastBytes ?? 256 * 1024;
    this.log = options.log;
    this.sent = options.sent;
  }

  /** Calls `listener` with every message broadcast to `topic`; returns the unsubscribe. */
  subscribe(topic: string, listener: BroadcastListener): () => void {
    checkTopic(topic);
    let set = this.listeners.get(topic);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(topic, set);
      this.settle(
        this.adapter.subscribe(topic, (payload) => this.deliver(topic, payload)),
        `subscribing to "${topic}"`,
      );
    }
    set.add(listener);
    return () => this.unsubscribe(topic, listener);
  }

  /**
   * Sends `message` to every listener of `topic`, in every process. Throws at once when the
   * topic or the message is refused (KN_ERR_TOPIC_INVALID, KN_ERR_NOT_SERIALIZABLE,
   * KN_ERR_BROADCAST_TOO_LARGE); the returned promise resolves once the adapter took it, and
   * never rejects (an adapter's failure is logged).
   */
  broadcast(
    topic: string,
    message: unknown,
    /** `sender`: a socket id its listener skips; `view`: the sending view, for hooks. */
    options: { readonly sender?: string | undefined; readonly view?: string | undefined } = {},
  ): Promise<void> {
    checkTopic(topic);
    const payload = encodeValue({ s: options.sender ?? null, m: message }, 'the broadcast message');
    const bytes = Buffer.byteLength(payload);
    if (bytes > this.maxBytes) throw broadcastTooLarge(topic, bytes, this.maxBytes);
    this.sent?.(topic, bytes, options.view);
    return this.settle(this.adapter.publish(topic, payload), `broadcasting to "${topic}"`);
  }

  /** Topics with listeners in this process. */
  get topics(): number {
    return this.listeners.size;
  }

  /** Stops: no more deliveries, the adapter closed. */
  async close(): Promise<void> {
    this.listeners.clear();
    await this.settle(this.adapter.close?.(), 'closing the pubsub adapter');
  }

  private unsubscribe(topic: string, listener: BroadcastListener): void {
    const set = this.listeners.get(topic);
    if (set === undefined || !set.delete(listener) || set.size > 0) return;
    this.listeners.delete(topic);
    this.settle(this.adapter.unsubscribe(topic), `unsubscribing from "${topic}"`);
  }

  private deliver(topic: string, payload: string): void {
    const set = this.listeners.get(topic);
    if (set === undefined) return;
    let envelope: { s: string | null; m: unknown };
    try {
      envelope = decodeValue(payload) as { s: string | null; m: unknown };
    } catch (error) {
      this.log.warn({ err: error, topic }, `a broadcast to "${topic}" could not be read`);
      return;
    }
    const meta: BroadcastMeta = { sender: envelope.s ?? undefined };
    for (const listener of [...set]) {
      try {
        listener(envelope.m, meta);
      } catch (error) {
        this.log.error({ err: error, topic }, `a listener of "${topic}" threw`);
      }
    }
  }

  /** An adapter call's outcome: logged when it fails, never thrown. */
  private settle(result: void | Promise<void> | undefined, what: string): Promise<void> {
    if (!(result instanceof Promise)) return Promise.resolve();
    return result.catch((error: unknown) => {
      this.log.error({ err: error }, `pubsub failed ${what}: ${messageOf(error)}`);
    });
  }
}

export function checkTopic(topic: unknown): asserts topic is string {
  if (typeof topic !== 'string' || topic.length === 0 || topic.length > 256)
    throw topicInvalid(topic);
}

const messageOf = (error: unknown) =>
  error instanceof KineticError || error instanceof Error ? error.message : String(error);
