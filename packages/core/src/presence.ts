import { randomBytes } from 'node:crypto';
import type { Logger } from './logger.js';
import { checkTopic, type PubSub } from './pubsub.js';

/** What a presence entry says about one connection: the app's own fields, and its ref. */
export type PresenceMeta = Readonly<Record<string, unknown>> & { readonly ref: string };

/** Who is present in a topic: by key (a user id), each with one meta per connection (tab). */
export type PresenceList = Record<string, { readonly metas: readonly PresenceMeta[] }>;

/**
 * What views subscribed to a topic receive in handleInfo when someone arrives or goes:
 * the metas that joined and those that left, by key (a second tab of the same user is a
 * join of one more meta under the same key).
 */
export interface PresenceDiff {
  readonly type: 'presence';
  readonly topic: string;
  readonly joins: PresenceList;
  readonly leaves: PresenceList;
}

/**
 * Where presence lives: in memory for one process (the default), @kinetic/redis's across
 * processes. The contract, which `presenceConformance` (in @kinetic/testing) checks:
 * - `track` adds one meta (one connection, told apart by `meta.ref`) under a key of a topic;
 * - `untrack` removes it and returns it (undefined if it was not there);
 * - `list` gives every key of a topic with all its metas, from every node;
 * - a key with no metas left is not listed.
 */
export interface PresenceAdapter {
  track(topic: string, key: string, meta: PresenceMeta): void | Promise<void>;
  untrack(
    topic: string,
    key: string,
    ref: string,
  ): PresenceMeta | undefined | Promise<PresenceMeta | undefined>;
  list(topic: string): PresenceList | Promise<PresenceList>;
  /**
   * Optional: the adapter reports metas that went without an untrack (those of a process
   * that died), once each across all processes; Presence announces them as leaves.
   */
  watch?(departed: (topic: string, key: string, meta: PresenceMeta) => void): void;
  close?(): void | Promise<void>;
}

/** Presence within one process. */
export class MemoryPresence implements PresenceAdapter {
  private readonly topics = new Map<string, Map<string, PresenceMeta[]>>();

  track(topic: string, key: string, meta: PresenceMeta): void {
    let keys = this.topics.get(topic);
    if (keys === undefined) {
      keys = new Map();
      this.topics.set(topic, keys);
    }
    keys.set(key, [...(keys.get(key) ?? []), meta]);
  }

  untrack(topic: string, key: string, ref: string): PresenceMeta | undefined {
    const keys = this.topics.get(topic);
    const metas = keys?.get(key);
    const meta = metas?.find((m) => m.ref === ref);
    if (keys === undefined || metas === undefined || meta === undefined) return undefined;
    const rest = metas.filter((m) => m !== meta);
    if (rest.length > 0) keys.set(key, rest);
    else keys.delete(key);
    if (keys.size === 0) this.topics.delete(topic);
    return meta;
  }

  list(topic: string): PresenceList {
    const out: PresenceList = {};
    for (const [key, metas] of this.topics.get(topic) ?? []) out[key] = { metas: [...metas] };
    return out;
  }
}

/**
 * The app's presence: who is in which topic, with a meta per connection. Arrivals and
 * departures are broadcast on the topic itself as PresenceDiff messages, so the views
 * subscribed to it, on every node, keep their lists current (`syncPresence`).
 */
export class Presence {
  private readonly adapter: PresenceAdapter;

  constructor(
    private readonly pubsub: PubSub,
    adapter: PresenceAdapter | undefined,
    private readonly log: Logger,
  ) {
    this.adapter = adapter ?? new MemoryPresence();
    this.adapter.watch?.((topic, key, meta) => {
      void this.announce(topic, {}, { [key]: { metas: [meta] } });
    });
  }

  /** Adds a connection's meta under `key`; resolves with its ref (for untrack). */
  /**
   * Adds a connection's meta under `key`; resolves with its ref (for untrack). When the
   * adapter fails (Redis away), the view goes on without it: logged, not thrown.
   */
  async track(topic: string, key: string, meta: Record<string, unknown> = {}): Promise<string> {
    checkTopic(topic);
    const ref = randomBytes(6).toString('base64url');
    const entry: PresenceMeta = { ...meta, ref };
    try {
      await this.adapter.track(topic, key, entry);
    } catch (error) {
      this.log.error(
        { err: error, topic },
        `presence in "${topic}" was not recorded: ${messageOf(error)}`,
      );
      return ref;
    }
    await this.announce(topic, { [key]: { metas: [entry] } }, {});
    return ref;
  }

  /** Removes the meta `ref` from `key`; the subscribers see it leave. */
  async untrack(topic: string, key: string, ref: string): Promise<void> {
    let meta: PresenceMeta | undefined;
    try {
      meta = await this.adapter.untrack(topic, key, ref);
    } catch (error) {
      this.log.error(
        { err: error, topic },
        `leaving "${topic}" was not recorded: ${messageOf(error)}`,
      );
      return;
    }
    if (meta !== undefined) await this.announce(topic, {}, { [key]: { metas: [meta] } });
  }

  /** Everyone present in `topic` now; nobody, logged, when the adapter fails. */
  async list(topic: string): Promise<PresenceList> {
    checkTopic(topic);
    try {
      return await this.adapter.list(topic);
    } catch (error) {
      this.log.error(
        { err: error, topic },
        `presence in "${topic}" could not be read: ${messageOf(error)}`,
      );
      return {};
    }
  }

  async close(): Promise<void> {
    await this.adapter.close?.();
  }

  private async announce(topic: string, joins: PresenceList, leaves: PresenceList) {
    const diff: PresenceDiff = { type: 'presence', topic, joins, leaves };
    try {
      await this.pubsub.broadcast(topic, diff);
    } catch (error) {
      // A meta that cannot be sent: the entry stays, its subscribers miss the news.
      this.log.error({ err: error, topic }, `a presence change in "${topic}" was not broadcast`);
    }
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A presence list with a diff applied: what a view keeps in its assigns.
 * @example
 * handleInfo: (message, socket) => {
 *   if (isPresenceDiff(message)) socket.update('online', (list) => syncPresence(list, message));
 * },
 */
export function syncPresence(list: PresenceList, diff: PresenceDiff): PresenceList {
  const next: Record<string, { metas: readonly PresenceMeta[] }> = { ...list };
  for (const [key, { metas }] of Object.entries(diff.leaves)) {
    const gone = new Set(metas.map((m) => m.ref));
    const rest = (next[key]?.metas ?? []).filter((m) => !gone.has(m.ref));
    if (rest.length > 0) next[key] = { metas: rest };
    else delete next[key];
  }
  for (const [key, { metas }] of Object.entries(diff.joins)) {
    const known = new Set((next[key]?.metas ?? []).map((m) => m.ref));
    next[key] = { metas: [...(next[key]?.metas ?? []), ...metas.filter((m) => !known.has(m.ref))] };
  }
  return next;
}

/** Whether a handleInfo message is a presence diff. */
export function isPresenceDiff(message: unknown): message is PresenceDiff {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === 'presence' &&
    typeof (message as { topic?: unknown }).topic === 'string'
  );
}
