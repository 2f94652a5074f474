// biome-ignore-all assist/source/organizeImports: the API is grouped by topic, not sorted

// @kinetic/core/runtime: what transports and harnesses drive. An app author needs none of
// it; @kinetic/core is their entry.

/** Route registry, tokens, the HTTP render, sessions, limits: LiveRuntime builds the contexts below. */
export { LiveRuntime } from '../runtime.js';
export type { RenderedPage, RuntimeOptions } from '../runtime.js';
/** Live sessions: they outlive transports and resume without loss. */
export { LiveSession } from '../session.js';
export type { SessionHooks } from '../session.js';
export type {
  AttachRequest,
  MountContext,
  SessionContext,
  SessionLimits,
} from '../session-context.js';
export { CLOSE_CODES } from '../session-output.js';
export type { Channel } from '../session-output.js';
export { SessionRegistry } from '../sessions.js';
export type { RegistryLimits } from '../sessions.js';
/** Join authorization: tokens, URLs a client sends, authorize() and the route guards. */
export type {
  AuthorizationContext,
  AuthorizedJoin,
  RequestContext,
  UrlGuard,
} from '../join-authorization.js';
/** A running view, for harnesses that drive views directly. */
export { ViewInstance } from '../instance.js';
export type { Goto, InstanceHost, Scheduler, Update } from '../instance.js';
/** Views' state across a process restart (the dev server's hot reload). */
export type { ViewStateStore } from '../state-store.js';
/** Every join on a diagnostics channel: harnesses find the instance a connection joined. */
export { VIEW_JOINED_CHANNEL } from '../diagnostics-join.js';
export type { ViewJoinedMessage } from '../diagnostics-join.js';
/** View tokens and CSRF. */
export { newCsrfToken } from '../token.js';
export type { ViewClaims } from '../token.js';
/** Route patterns. */
export { compileRoute, paramsOf } from '../route.js';
export type { RoutePattern } from '../route.js';
/** Errors only a transport raises. */
export {
  clientStuck as clientStuckError,
  frameTooLarge as frameTooLargeError,
  sessionUnknown as sessionUnknownError,
} from '../errors.js';
/** Plugins' hooks: scopes, and how the runtime fires and reports. */
export {
  fireHooks,
  HookSet,
  pluginName,
  reportError,
  reportPanic,
  SECURITY_CODES,
} from '../hooks.js';
/** Pubsub and presence: the app's handles, the adapter contracts and the in-memory adapters. */
export { LiveChannels } from '../channels.js';
export type { ChannelOptions } from '../channels.js';
export { MemoryPubSub, PubSub } from '../pubsub.js';
export type { BroadcastListener, BroadcastMeta, PubSubAdapter } from '../pubsub.js';
export { MemoryPresence, Presence } from '../presence.js';
export type { PresenceAdapter } from '../presence.js';
/** The text form of values that leave the process (broadcasts). */
export { decodeValue, encodeValue } from '../codec.js';
