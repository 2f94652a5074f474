import type { Patch } from '@kinetic/diff';
import type { EventPayload, TransportName } from '@kinetic/protocol';
import { badHook, hookFailed, KineticError, refused } from './errors.js';
import type { Logger } from './logger.js';
import { MOMENT_CHANNELS } from './tracing-channels.js';
import type { Params, SessionData, TerminateReason } from './view.js';

// Kinetic's one extension mechanism: plugins register handlers on named hook points, and
// the runtime fires them on the real path. Its own operational features (metrics, tracing,
// health, audit) are plugins built on it (@kinetic/observability).

/**
 * What a plugin may know of a live session: never its id or its key (either would help
 * someone resume it), but a log id that tells sessions apart in logs, metrics and traces.
 */
export interface SessionInfo {
  /** A random id for logs and traces, unrelated to the session's secret id. */
  readonly id: string;
  /** The transport attached now, or last. */
  readonly transport: TransportName | undefined;
  /** The client's address (Fastify's request.ip, which honours trustProxy). */
  readonly ip: string | undefined;
  /** The id of the HTTP request the transport attached with (Fastify's request.id). */
  readonly requestId: string | undefined;
}

/** Why a connection went. `slow`: cut off for staying behind (it resumes when it can). */
export type DisconnectReason = 'closed' | 'slow' | 'superseded' | 'ended';

/** What every step of a view (a mount, an event, a message, a URL change) gives its hooks. */
interface StepBase {
  /** The view's name. */
  readonly view: string;
  /** The live session, or undefined for the HTTP render. */
  readonly session: SessionInfo | undefined;
  /** Set for the after hook: how long the step took, hooks included. */
  durationMs: number;
  /** Set for the after hook when the step failed; the view kept its previous state. */
  error: KineticError | undefined;
}

/** Refuses what a before hook guards: the client gets KN_ERR_REFUSED with this reason. */
export type Refuse = (reason: string) => never;

export interface MountHookContext extends StepBase {
  readonly kind: 'mount';
  readonly params: Params;
  readonly url: URL;
  /** The signed session data mount gets (e.g. the signed-in user). */
  readonly data: SessionData;
  /** False for the HTTP render, true for a mount at a live join. */
  readonly connected: boolean;
  readonly refuse: Refuse;
  /** The join this mount is part of, when it is one. */
  readonly join: JoinHookContext | undefined;
}

export interface EventHookContext extends StepBase {
  readonly kind: 'event';
  readonly event: string;
  readonly payload: EventPayload;
  /** The live component the event is for (lv-target), or undefined for the view. */
  readonly target: string | undefined;
  /** The signed session data the view joined with. */
  readonly data: SessionData;
  readonly refuse: Refuse;
}

export interface InfoHookContext extends StepBase {
  readonly kind: 'info';
  readonly message: unknown;
}

export interface ParamsHookContext extends StepBase {
  readonly kind: 'params';
  readonly url: URL;
  /** The join this URL change is part of (a client that moved since its page loaded). */
  readonly join: JoinHookContext | undefined;
}

/** The step a render, a diff or an assign happens in. */
export type StepHookContext =
  | MountHookContext
  | EventHookContext
  | InfoHookContext
  | ParamsHookContext;

export interface RenderHookContext {
  readonly view: string;
  readonly step: StepHookContext | undefined;
  /** Set for afterRender. */
  durationMs: number;
  /** Set for afterRender when render threw (KN_ERR_VIEW_RENDER). */
  error: KineticError | undefined;
}

export interface DiffHookContext {
  readonly view: string;
  readonly step: StepHookContext | undefined;
  /** Set for afterDiff. */
  durationMs: number;
  /** Set for afterDiff: what changed (null: nothing). */
  patch: Patch;
  /** Set for afterDiff when the diff threw. */
  error: KineticError | undefined;
}

export interface AssignHookContext {
  readonly view: string;
  /** The component assigned to, or undefined for the view itself. */
  readonly component: string | undefined;
  readonly step: StepHookContext | undefined;
  /** What was assigned. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Set for afterAssign: the keys whose values changed. */
  changed: readonly string[];
}

export interface JoinHookContext {
  readonly view: string;
  readonly session: SessionInfo;
  /** The URL the token was signed for, and its params. */
  readonly url: URL;
  readonly params: Params;
  readonly data: SessionData;
  readonly refuse: Refuse;
  /** Set for afterJoin: how long the join took. */
  durationMs: number;
  /** Set for afterJoin: the HTTP render's instance was taken over (no second mount). */
  handedOff: boolean;
  /** Set for afterJoin when the join failed (refused, or its mount threw). */
  error: KineticError | undefined;
}

export interface LeaveHookContext {
  readonly view: string;
  readonly session: SessionInfo;
  readonly reason: TerminateReason;
}

export interface ConnectHookContext {
  readonly session: SessionInfo;
}

export interface DisconnectHookContext {
  readonly session: SessionInfo;
  readonly reason: DisconnectReason;
}

export interface PatchHookContext {
  readonly view: string;
  readonly session: SessionInfo;
  /** Bytes of the encoded changes (patch and new statics) sent to the client. */
  readonly bytes: number;
}

export interface ErrorHookContext {
  readonly code: string;
  readonly error: Error;
  readonly view: string | undefined;
  readonly session: SessionInfo | undefined;
}

export interface RefuseHookContext {
  /** Why, as a stable code (KN_ERR_ORIGIN, KN_ERR_CSRF, KN_ERR_RATE_LIMITED, …). */
  readonly code: string;
  readonly message: string;
  readonly ip: string | undefined;
  readonly view: string | undefined;
  readonly session: SessionInfo | undefined;
}

export interface PanicHookContext {
  readonly error: unknown;
  /** What the runtime was doing. */
  readonly where: string;
}

export interface BroadcastHookContext {
  readonly topic: string;
  /** Bytes of the encoded message. */
  readonly bytes: number;
  /** The view that broadcast it, or undefined for app code. */
  readonly view: string | undefined;
}

export interface ShutdownHookContext {
  /** Sessions being drained. */
  readonly sessions: number;
  /** How long the shutdown may take before sessions are cut. */
  readonly deadlineMs: number;
}

/** Every hook point and the context its handlers get. */
export interface HookContexts {
  onConnect: ConnectHookContext;
  onReconnect: ConnectHookContext;
  onDisconnect: DisconnectHookContext;
  beforeJoin: JoinHookContext;
  afterJoin: JoinHookContext;
  onLeave: LeaveHookContext;
  beforeMount: MountHookContext;
  afterMount: MountHookContext;
  beforeEvent: EventHookContext;
  afterEvent: EventHookContext;
  beforeInfo: InfoHookContext;
  afterInfo: InfoHookContext;
  beforeParams: ParamsHookContext;
  afterParams: ParamsHookContext;
  beforeRender: RenderHookContext;
  afterRender: RenderHookContext;
  beforeDiff: DiffHookContext;
  afterDiff: DiffHookContext;
  beforeAssign: AssignHookContext;
  afterAssign: AssignHookContext;
  onPatch: PatchHookContext;
  onBroadcast: BroadcastHookContext;
  onError: ErrorHookContext;
  onRefuse: RefuseHookContext;
  onPanic: PanicHookContext;
  onShutdown: ShutdownHookContext;
}

export type HookName = keyof HookContexts;

/** A hook handler. It may be async; the runtime awaits it (assign hooks excepted). */
export type HookHandler<N extends HookName> = (context: HookContexts[N]) => unknown;

/** Every hook point, in the order of a session's life. */
export const HOOK_NAMES: readonly HookName[] = [
  'onConnect',
  'onReconnect',
  'onDisconnect',
  'beforeJoin',
  'afterJoin',
  'onLeave',
  'beforeMount',
  'afterMount',
  'beforeEvent',
  'afterEvent',
  'beforeInfo',
  'afterInfo',
  'beforeParams',
  'afterParams',
  'beforeRender',
  'afterRender',
  'beforeDiff',
  'afterDiff',
  'beforeAssign',
  'afterAssign',
  'onPatch',
  'onBroadcast',
  'onError',
  'onRefuse',
  'onPanic',
  'onShutdown',
];

/** Hooks whose handlers may refuse (ctx.refuse) and whose failure fails the step they guard. */
const GUARDS: ReadonlySet<HookName> = new Set([
  'beforeJoin',
  'beforeMount',
  'beforeEvent',
  'beforeAssign',
]);

interface Registered {
  readonly plugin: string;
  readonly handler: (context: never) => unknown;
}

type Resolved = { readonly [N in HookName]?: readonly Registered[] };

/**
 * The hooks of one scope: an app, or a Fastify context inside it. A scope runs its
 * parent's hooks first, then its own, whenever either was added (as Fastify's hooks do).
 */
export class HookSet {
  /** The handlers of each hook point, parent's first; absent when there are none. */
  resolved: Resolved = {};
  private readonly own: { [N in HookName]?: Registered[] } = {};
  private readonly children: HookSet[] = [];

  constructor(private readonly parent?: HookSet) {
    if (parent !== undefined) {
      parent.children.push(this);
      this.resolved = parent.resolved;
    }
  }

  /** A scope inside this one. */
  child(): HookSet {
    return new HookSet(this);
  }

  /** Registers `handler` on `name`, for the plugin named `plugin` (named in errors). */
  add<N extends HookName>(name: N, handler: HookHandler<N>, plugin = 'anonymous'): void {
    if (!HOOK_NAMES.includes(name)) throw badHook(plugin, String(name), HOOK_NAMES);
    if (typeof handler !== 'function') throw badHook(plugin, name, HOOK_NAMES, 'not a function');
    let list = this.own[name];
    if (list === undefined) {
      list = [];
      this.own[name] = list;
    }
    list.push({ plugin, handler: handler as Registered['handler'] });
    this.resolve();
  }

  /** Whether any handler is registered on `name` here or above. */
  has(name: HookName): boolean {
    return this.resolved[name] !== undefined;
  }

  /** Whether any handler is registered at all: without one, the runtime skips every hook. */
  get any(): boolean {
    return this.count > 0;
  }

  private count = 0;

  private resolve(): void {
    const resolved: { [N in HookName]?: readonly Registered[] } = {};
    for (const name of HOOK_NAMES) {
      const inherited = this.parent?.resolved[name] ?? [];
      const own = this.own[name] ?? [];
      if (inherited.length + own.length > 0) resolved[name] = [...inherited, ...own];
    }
    this.resolved = resolved;
    this.count = Object.keys(resolved).length;
    for (const child of this.children) child.resolve();
  }
}

/** The diagnostics channel each moment (not a step) is also published on. */
const MOMENTS: {
  readonly [N in HookName]?: (typeof MOMENT_CHANNELS)[keyof typeof MOMENT_CHANNELS];
} = {
  onConnect: MOMENT_CHANNELS.connect,
  onReconnect: MOMENT_CHANNELS.reconnect,
  onDisconnect: MOMENT_CHANNELS.disconnect,
  onLeave: MOMENT_CHANNELS.leave,
  onPatch: MOMENT_CHANNELS.patch,
  onError: MOMENT_CHANNELS.error,
  onRefuse: MOMENT_CHANNELS.refuse,
  onPanic: MOMENT_CHANNELS.panic,
  onShutdown: MOMENT_CHANNELS.shutdown,
};

/**
 * Whether `name` has handlers in `set`, or its diagnostics channel a subscriber: the
 * runtime builds a context only when somebody will see it.
 */
export function wants(set: HookSet | undefined, name: HookName): boolean {
  return set?.resolved[name] !== undefined || MOMENTS[name]?.hasSubscribers === true;
}

/**
 * Runs the handlers of `name` in order, awaiting each. Guards (beforeJoin, beforeMount,
 * beforeEvent, beforeAssign) may refuse; a guard that throws fails the step it guards, as a throwing
 * handler would (KN_ERR_HOOK_FAILED). Any other hook that throws is isolated: logged and
 * reported to onError, and the runtime carries on.
 */
export async function fireHooks<N extends HookName>(
  set: HookSet,
  name: N,
  context: HookContexts[N],
  log: Logger,
): Promise<void> {
  const moment = MOMENTS[name];
  if (moment?.hasSubscribers) moment.publish(context);
  const list = set.resolved[name];
  if (list === undefined) return;
  for (const hook of list) {
    try {
      await (hook.handler as HookHandler<N>)(context);
    } catch (error) {
      const failure = hookError(hook.plugin, name, error);
      if (GUARDS.has(name)) throw guardFailure(failure, hook.plugin, name, log);
      reportHookFailure(set, name, failure, log);
    }
  }
}

/** A guard's refusal is a warning (any client can earn one); a guard that threw, a bug. */
function guardFailure(
  failure: KineticError,
  plugin: string,
  name: HookName,
  log: Logger,
): KineticError {
  if (failure.code === 'KN_ERR_REFUSED') log.warn({ plugin, hook: name }, failure.message);
  else log.error({ err: failure.cause ?? failure, plugin, hook: name }, failure.message);
  return failure;
}

/**
 * Runs the handlers of `name` without waiting (assign hooks: assign() is synchronous). A
 * guard that throws fails the assign; a promise a handler returns is not awaited, and its
 * rejection is isolated.
 */
export function fireHooksSync<N extends HookName>(
  set: HookSet,
  name: N,
  context: HookContexts[N],
  log: Logger,
): void {
  const list = set.resolved[name];
  if (list === undefined) return;
  for (const hook of list) {
    let result: unknown;
    try {
      result = (hook.handler as HookHandler<N>)(context);
    } catch (error) {
      const failure = hookError(hook.plugin, name, error);
      if (GUARDS.has(name)) throw guardFailure(failure, hook.plugin, name, log);
      reportHookFailure(set, name, failure, log);
      continue;
    }
    if (result instanceof Promise) {
      result.catch((error: unknown) =>
        reportHookFailure(set, name, hookError(hook.plugin, name, error), log),
      );
    }
  }
}

/** A refusal from ctx.refuse(), or KN_ERR_HOOK_FAILED naming the plugin and the hook. */
function hookError(plugin: string, name: HookName, error: unknown): KineticError {
  if (error instanceof KineticError) return error;
  return hookFailed(plugin, name, error);
}

function reportHookFailure(set: HookSet, name: HookName, error: KineticError, log: Logger): void {
  log.error({ err: error.cause ?? error, hook: name, code: error.code }, error.message);
  // A failing onError handler is logged only: reporting it to onError again could loop.
  if (name === 'onError' || name === 'onPanic') return;
  void fireHooks(set, 'onError', errorContext(error, undefined, undefined), log);
}

/** The refuse() of a guard's context: the client gets KN_ERR_REFUSED with `reason`. */
export function refuser(what: string): Refuse {
  return (reason: string) => {
    throw refused(what, reason);
  };
}

export function errorContext(
  error: KineticError | (Error & { code: string }),
  view: string | undefined,
  session: SessionInfo | undefined,
): ErrorHookContext {
  return { code: error.code, error, view, session };
}

/**
 * Codes of what the runtime turns away on purpose, for the audit log: onRefuse fires for
 * these, onError for every other failure.
 */
export const SECURITY_CODES: ReadonlySet<string> = new Set([
  'KN_ERR_ORIGIN',
  'KN_ERR_CSRF',
  'KN_ERR_TOKEN_INVALID',
  'KN_ERR_TOKEN_EXPIRED',
  'KN_ERR_RATE_LIMITED',
  'KN_ERR_FRAME_TOO_LARGE',
  'KN_ERR_CAPACITY',
  'KN_ERR_TOO_MANY_CONNECTIONS',
  'KN_ERR_TOO_MANY_SESSIONS',
  'KN_ERR_TOO_MANY_VIEWS',
  'KN_ERR_SESSION_TAKEOVER',
  'KN_ERR_UNSAFE_URL',
  'KN_ERR_URL_INVALID',
  'KN_ERR_FORBIDDEN',
  'KN_ERR_REFUSED',
  'KN_ERR_TLS_REQUIRED',
  'KN_ERR_JOIN_TIMEOUT',
]);

/**
 * Reports an error the runtime answered or logged: onRefuse for what it turned away on
 * purpose (SECURITY_CODES), onError for the rest. Never throws, never waits.
 */
export function reportError(
  set: HookSet | undefined,
  error: Error & { code: string },
  where: {
    readonly view?: string | undefined;
    readonly session?: SessionInfo | undefined;
    readonly ip?: string | undefined;
  },
  log: Logger,
): void {
  if (set === undefined) return;
  if (SECURITY_CODES.has(error.code)) {
    if (!wants(set, 'onRefuse')) return;
    void fireHooks(
      set,
      'onRefuse',
      {
        code: error.code,
        message: error.message,
        ip: where.ip ?? where.session?.ip,
        view: where.view,
        session: where.session,
      },
      log,
    );
    return;
  }
  if (wants(set, 'onError'))
    void fireHooks(set, 'onError', errorContext(error, where.view, where.session), log);
}

/** Reports an exception outside any view step: a bug in the runtime or a transport. */
export function reportPanic(
  set: HookSet | undefined,
  error: unknown,
  where: string,
  log: Logger,
): void {
  if (set !== undefined && wants(set, 'onPanic'))
    void fireHooks(set, 'onPanic', { error, where }, log);
}

/** What a registry's sessions hold at one moment. */
export interface RegistryStats {
  /** Sessions held: attached, in their grace period, or pending. */
  readonly sessions: number;
  /** Sessions no view has joined yet. */
  readonly pending: number;
  /** Joined sessions holding a connection: a transport attached, or a long-poll between polls. */
  readonly attached: number;
  /** Joined sessions in their grace period, without a transport: waiting for a resume. */
  readonly detached: number;
  /** Connections held, by transport. */
  readonly connections: Readonly<Record<string, number>>;
  /** Joined views by view name, then by transport. */
  readonly views: ReadonlyMap<string, Readonly<Record<string, number>>>;
  /** Messages and bytes waiting for clients' acknowledgement, over all sessions. */
  readonly outbox: { readonly messages: number; readonly bytes: number };
  readonly draining: boolean;
}

/** What a plugin is given: where to register its hooks, a logger, and the runtime's figures. */
export interface PluginApp {
  /** Registers a handler on a hook point of this plugin's scope. */
  addHook<N extends HookName>(name: N, handler: HookHandler<N>): void;
  /** The app's logger, with the plugin's name bound. */
  readonly log: Logger;
  /** What the live sessions hold right now (sessions, connections, views, outbox). */
  stats(): RegistryStats;
}

/**
 * A Kinetic plugin: a function given the app surface, which registers its hooks. It may be
 * async. Name it with definePlugin (or a named function) so errors and logs say which it is.
 */
export type KineticPlugin<App extends PluginApp = PluginApp> = ((
  app: App,
) => void | Promise<void>) & { readonly pluginName?: string };

/**
 * Declares a plugin with its name.
 * @example
 * export const auditDeletes = definePlugin('audit-deletes', (app) => {
 *   app.addHook('beforeEvent', (ctx) => {
 *     if (ctx.event === 'delete' && ctx.data.role !== 'admin') ctx.refuse('admins only');
 *   });
 * });
 */
export function definePlugin<App extends PluginApp = PluginApp>(
  name: string,
  setup: (app: App) => void | Promise<void>,
): KineticPlugin<App> {
  return Object.assign((app: App) => setup(app), { pluginName: name });
}

/** The name a plugin goes by in errors and logs. */
export const pluginName = (plugin: KineticPlugin<never>): string =>
  plugin.pluginName ?? (plugin.name || 'anonymous');
