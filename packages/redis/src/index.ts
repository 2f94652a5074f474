// @kinetic/redis: Kinetic across processes and machines (docs/scale-out.md).
// biome-ignore-all assist/source/organizeImports: grouped by feature

/** Broadcasts between processes. */
export { RedisPubSub, redisPubSub } from './pubsub.js';
export type { RedisPubSubOptions } from './pubsub.js';
/** Presence across processes, with heartbeats: a dead process's entries leave. */
export { RedisPresence, redisPresence } from './presence.js';
export type { RedisPresenceOptions } from './presence.js';
/** How to reach Redis. */
export type { RedisAdapterOptions, RedisConnection } from './connection.js';
