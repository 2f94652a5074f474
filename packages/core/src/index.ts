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
/** Live components: stateful parts of a view. */
export { defineComponent, live } from './component.js';
export type { ComponentDefinition, ComponentSocket } from './component.js';

// The runtime: what a transport drives.
/** Route registry, tokens, the HTTP render, limits. */
export { LiveRuntime } from './runtime.js';
export type { RenderedPage, RuntimeOptions } from './runtime.js';
/** One browser connection over any transport. */
export { LiveConnection } from './connection.js';
export type { Channel, ConnectionContext } from './connection.js';
/** A running view, for harnesses that drive views directly. */
export { ViewInstance } from './instance.js';
export { realScheduler } from './instance.js';
export type { Goto, InstanceHost, Scheduler, Update } from './instance.js';
/** View tokens and CSRF. */
export { newCsrfToken, TokenSigner } from './token.js';
export type { ViewClaims } from './token.js';
export { compileRoute, paramsOf } from './route.js';
export type { RoutePattern } from './route.js';
export type { Logger } from './logger.js';
export { consoleLogger } from './logger.js';

// Errors.
/** The error catalog. */
export { KineticError } from './errors.js';
export type { CoreErrorCode } from './errors.js';

// Templates, re-exported so an app needs only @kinetic/core for views.
/** The template tag and its helpers, from @kinetic/diff. */
export { attrs, each, html, raw } from '@kinetic/diff';
export type { Rendered } from '@kinetic/diff';
