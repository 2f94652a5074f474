// Views and components: what an app author writes.
/** Declares a live view. */

export type { Rendered } from '@kinetic/diff';
// Templates, re-exported so an app needs only @kinetic/core for views.
/** The template tag and its helpers, from @kinetic/diff. */
export { attrs, each, html, raw } from '@kinetic/diff';
export type { ComponentDefinition, ComponentSocket } from './component.js';
/** Live components: stateful parts of a view. */
export { defineComponent, live } from './component.js';
export type { Channel, ConnectionContext } from './connection.js';
/** One browser connection over any transport. */
export { LiveConnection } from './connection.js';
/** View failures on a diagnostics channel, for dev tools and monitoring. */
export type { ViewErrorMessage } from './diagnostics.js';
export { VIEW_ERROR_CHANNEL } from './diagnostics.js';
export type { CoreErrorCode } from './errors.js';
// Errors.
/** The error catalog. */
export { KineticError } from './errors.js';
export type { Goto, InstanceHost, Scheduler, Update } from './instance.js';
/** A running view, for harnesses that drive views directly. */
export { realScheduler, ViewInstance } from './instance.js';
export type { Logger } from './logger.js';
export { consoleLogger } from './logger.js';
export type { RoutePattern } from './route.js';
export { compileRoute, paramsOf } from './route.js';
export type { RenderedPage, RuntimeOptions } from './runtime.js';
// The runtime: what a transport drives.
/** Route registry, tokens, the HTTP render, limits. */
export { LiveRuntime } from './runtime.js';
/** The socket handed to every lifecycle function. */
export type { Cancel, LiveSocket } from './socket.js';
/** Views' state across a process restart (the dev server's hot reload). */
export type { ViewStateStore } from './state-store.js';
export type { ViewClaims } from './token.js';
/** View tokens and CSRF. */
export { newCsrfToken, TokenSigner } from './token.js';
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
export { defineView, isView } from './view.js';
