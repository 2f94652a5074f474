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
export { LiveRender, liveRender } from './nested.js';
export type { LiveRenderOptions } from './nested.js';
/** Live components: stateful parts of a view. */
export { defineComponent, live, LiveComponent } from './component.js';
/** Forms validated with any Standard Schema library as the user types (docs/forms.md). */
export { Form, form } from './form.js';
export type { FormField, FormOptions, FormParams } from './form.js';
/** Commands that run in the browser with no round trip (docs/js.md). */
export { JS } from './js.js';
export type {
  JsDispatchOptions,
  JsNavigateOptions,
  JsPushOptions,
  JsShowOptions,
  JsTarget,
  JsToggleOptions,
  JsTransition,
} from './js.js';
export type { ComponentDefinition, ComponentSocket } from './component.js';
/** The template tag and its helpers, re-exported so an app needs only @kinetic/core for views. */
export { attrs, each, html, raw } from '@kinetic/diff';
export type { Rendered } from '@kinetic/diff';

// Plugins: one extension mechanism, hooks on the runtime's lifecycle (docs/plugins.md).
/** Declares a plugin; a plugin registers handlers on hook points. */
export { definePlugin, HOOK_NAMES } from './hooks.js';
export type {
  AssignHookContext,
  BroadcastHookContext,
  ConnectHookContext,
  DiffHookContext,
  DisconnectHookContext,
  DisconnectReason,
  ErrorHookContext,
  EventHookContext,
  HookContexts,
  HookHandler,
  HookName,
  InfoHookContext,
  JoinHookContext,
  KineticPlugin,
  LeaveHookContext,
  MountHookContext,
  PanicHookContext,
  ParamsHookContext,
  PatchHookContext,
  PluginApp,
  RefuseHookContext,
  Refuse,
  RenderHookContext,
  SessionInfo,
  ShutdownHookContext,
  RegistryStats,
  StepHookContext,
} from './hooks.js';

// Pubsub and presence: socket.subscribe/broadcast/track, and what views do with presence diffs.
/** Applies a presence diff to a list; tells a presence diff from other handleInfo messages. */
export { isPresenceDiff, syncPresence } from './presence.js';
export type { PresenceDiff, PresenceList, PresenceMeta } from './presence.js';

// Diagnostics and configuration an app or its tools use.
/** View failures on a diagnostics channel, for dev tools and monitoring. */
export { VIEW_ERROR_CHANNEL } from './diagnostics.js';
export type { ViewErrorMessage } from './diagnostics.js';
/** The signing secret from KINETIC_SECRET, or a clear error. */
export { secretFromEnv } from './secret.js';
/** The logger an app may pass (pino and Fastify's logger fit). */
export type { Logger } from './logger.js';

// Transports, harnesses and the dev server import the runtime from @kinetic/core/runtime.

// Errors.
/** The error catalog. */
export { KineticError } from './errors.js';
/** Not found: thrown from mount or handleParams, it answers 404 (`throw notFound('no post 7')`). */
export { isNotFound, notFound } from './errors.js';
export type { CoreErrorCode } from './errors.js';
