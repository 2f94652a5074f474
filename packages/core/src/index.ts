// biome-ignore-all assist/source/organizeImports: the public API is grouped by topic, not sorted

// Views and components: what an app author writes.
/** Declares a live view. */
export { defineView, isView } from './view.js';
export type {
  AnyView,
  Assigns,
  EventHandler,
  EventResult,
  Flash,
  Params,
  RenderAssigns,
  SessionData,
  TerminateReason,
  View,
  ViewDefinition,
} from './view.js';
/** The socket handed to every lifecycle function. */
export type { Cancel, LiveSocket } from './socket.js';
/** Nested live views: another view inside this one, on the same connection. */
export { liveRender } from './nested.js';
export type { LiveRenderOptions } from './nested.js';
/** Live components: stateful parts of a view. */
export { defineComponent, live } from './component.js';
export type { ComponentDefinition, ComponentSocket } from './component.js';
/** The template tag and its helpers, re-exported so an app needs only @kinetic/core for views. */
export { attrs, each, html, raw } from '@kinetic/diff';
export type { Rendered } from '@kinetic/diff';

// The runtime: what a transport drives.
/** Route registry, tokens, the HTTP render, sessions, limits. */
export { LiveRuntime } from './runtime.js';
export type { RenderedPage, RuntimeLimits, RuntimeOptions } from './runtime.js';
/** Live sessions: they outlive transports and resume without loss. */
export { LiveSession } from './session.js';
export { CLOSE_CODES } from './session-output.js';
export type { Channel } from './session-output.js';
export { SessionRegistry } from './sessions.js';
export type { AttachRequest } from './sessions.js';
export type { RequestContext, UrlGuard } from './session.js';
/** A running view, for harnesses that drive views directly. */
export { realScheduler, ViewInstance } from './instance.js';
export type { Goto, InstanceHost, Scheduler, Update } from './instance.js';
/** Views' state across a process restart (the dev server's hot reload). */
export type { ViewStateStore } from './state-store.js';
/** View failures on a diagnostics channel, for dev tools and monitoring. */
export { VIEW_ERROR_CHANNEL } from './diagnostics.js';
export type { ViewErrorMessage } from './diagnostics.js';
/** View tokens and CSRF. */
export { secretFromEnv } from './secret.js';
export { newCsrfToken, TokenSigner } from './token.js';
export type { ViewClaims } from './token.js';
/** Route patterns. */
export { compileRoute, paramsOf } from './route.js';
export type { RoutePattern } from './route.js';
/** Logging. */
export { consoleLogger } from './logger.js';
export type { Logger } from './logger.js';

// Errors.
/** The error catalog. */
export {
  clientStuck as clientStuckError,
  KineticError,
  sessionUnknown as sessionUnknownError,
} from './errors.js';
/** Not found: thrown from mount or handleParams, it answers 404 (`throw notFound('no post 7')`). */
export { isNotFound, notFound } from './errors.js';
export type { CoreErrorCode } from './errors.js';
