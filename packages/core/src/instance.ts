import { randomBytes } from 'node:crypto';
import { diff, html, type Patch, type Rendered, raw } from '@kinetic/diff';
import type { EventPayload } from '@kinetic/protocol';
import type { LiveChannels } from './channels.js';
import {
  type AnyComponent,
  type ComponentInstance,
  type ComponentSocket,
  withRenderScope,
} from './component.js';
import { publishViewError } from './diagnostics.js';
import {
  handlerFailed,
  isNotFound,
  KineticError,
  mountFailed,
  noChannels,
  renderFailed,
  unknownComponent,
  unknownEvent,
} from './errors.js';
import {
  type AssignHookContext,
  type DiffHookContext,
  fireHooks,
  fireHooksSync,
  type HookSet,
  type InfoHookContext,
  type JoinHookContext,
  type MountHookContext,
  type ParamsHookContext,
  type RenderHookContext,
  refuser,
  type SessionInfo,
  type StepHookContext,
} from './hooks.js';
import type { Logger } from './logger.js';
import {
  type Cancel,
  type LiveSocket,
  type SocketChannels,
  type SocketHost,
  SocketImpl,
} from './socket.js';
import { trace, traced } from './tracing-channels.js';
import { checkNavigation, type GotoKind } from './url-policy.js';
import type {
  AnyView,
  Assigns,
  EventResult,
  Flash,
  Params,
  SessionData,
  TerminateReason,
} from './view.js';

// Socket ids only need to be unique, not secret: a process prefix and a counter are
// cheaper than reading the system's random source on every HTTP render.
const idPrefix = randomBytes(6).toString('base64url');
let idCounter = 0;
const nextSocketId = () => `${idPrefix}${(++idCounter).toString(36)}`;

const nestedRoot = (id: string, name: string, token: string, content: unknown) =>
  html`<div id="${id}" data-live-view="${name}" data-lv-token="${token}" data-lv-nested>${content}</div>`;

/** A change of location requested by a handler. */
export interface Goto {
  readonly kind: GotoKind;
  readonly url: string;
  readonly replace: boolean;
  /** A navigate's flash: what the view put, shown by the view it navigates to. */
  readonly flash?: Flash;
}

/** The outcome of one step of a view (an event, a message, a URL change). */
export interface Update {
  /** What changed in the rendered tree, or null. */
  readonly patch: Patch;
  readonly pushes: ReadonlyArray<readonly [event: string, payload: unknown]>;
  readonly gotos: readonly Goto[];
  /** A handler's reply value, for hooks' pushEvent. */
  readonly reply?: unknown;
  /** The new page title, when title() gives another one than before. */
  readonly title?: string;
  /** The tree `patch` applies to, and the tree after it: a session whose client holds an
   * older tree diffs from that one instead. */
  readonly from: Rendered | undefined;
  readonly to: Rendered | undefined;
}

/** What an instance needs from whoever runs it (a connection, or the HTTP render). */
export interface InstanceHost {
  readonly connected: boolean;
  /** Where the view logs (live: with the session's log id bound); it names the view itself. */
  readonly log: Logger;
  /** Route params for a URL inside this view, or null when the URL belongs elsewhere. */
  matchParams(url: URL): Params | null;
  /** A server-initiated update (timers, handleInfo) is ready to send. */
  deliver(update: Update): void;
  /** A server-initiated step failed; the view kept its previous state. */
  fail(error: KineticError): void;
  /** Where timers run; real timers when absent. Test harnesses pass a virtual clock. */
  readonly scheduler?: Scheduler;
  /** A signed token for a nested live view of this one (see liveRender). */
  nestedToken?(view: AnyView, id: string, session: SessionData): string;
  /** The plugins' hooks of this view's scope; none when absent. */
  readonly hooks?: HookSet | undefined;
  /** The live session, as hooks see it; undefined for the HTTP render. */
  readonly session?: SessionInfo | undefined;
  /** The app's pubsub and presence; a view without them cannot subscribe or track. */
  readonly channels?: LiveChannels | undefined;
}

/** A nested live view of an instance: its token, and its HTML during the first HTTP render. */
export interface NestedView {
  readonly view: AnyView;
  token: string;
  readonly session: SessionData;
  html: string | undefined;
}

/** Runs a callback later, once or repeatedly; returns a cancel function. */
export interface Scheduler {
  schedule(callback: () => void, ms: number, repeat: boolean): Cancel;
}

export const realScheduler: Scheduler = {
  schedule(callback, ms, repeat) {
    const handle = repeat ? setInterval(callback, ms) : setTimeout(callback, ms);
    return () => {
      clearTimeout(handle);
      clearInterval(handle);
    };
  },
};

/**
 * The handler a view declared for `event`: its own property only, so an event named
 * `constructor` or `toString` from the network is an unknown event, not Object's method.
 */
function ownHandler<H>(
  events: Readonly<Record<string, H>> | undefined,
  event: string,
): H | undefined {
  return events !== undefined && Object.hasOwn(events, event) ? events[event] : undefined;
}

/** Failures a client can cause on purpose; logged as warnings. */
const REFUSALS: ReadonlySet<string> = new Set([
  'KN_ERR_REFUSED',
  'KN_ERR_UNKNOWN_EVENT',
  'KN_ERR_UNKNOWN_COMPONENT',
  'KN_ERR_UNSAFE_URL',
]);

const NO_COMPONENTS: ReadonlyMap<string, Assigns> = new Map();

const now = () => performance.now();

/** The hooks around each kind of step. */
const STEP_HOOKS = {
  mount: ['beforeMount', 'afterMount'],
  event: ['beforeEvent', 'afterEvent'],
  info: ['beforeInfo', 'afterInfo'],
  params: ['beforeParams', 'afterParams'],
} as const;

interface Snapshot {
  state: Assigns;
  flash: Flash;
  components: ReadonlyMap<string, Assigns>;
}

/**
 * One running view: its socket, its components, its last rendered tree. Steps run one at
 * a time in arrival order, so a handler never sees another half-way through.
 */
export class ViewInstance implements SocketHost<unknown> {
  readonly socket: SocketImpl<Assigns, unknown>;
  /** The socket as views see it. */
  // biome-ignore lint/suspicious/noExplicitAny: views of every assigns type receive it
  private readonly api: LiveSocket<any, any>;
  // Made on first use, as most views have no live component, nested view or timer.
  private componentMap: Map<string, ComponentInstance> | undefined;
  /** Nested live views by DOM id; their tokens stay the same across renders. */
  private nestedMap: Map<string, NestedView> | undefined;
  tree: Rendered | undefined;
  url: URL;
  private dirty = true;
  private pushes: Array<readonly [string, unknown]> = [];
  private gotos: Goto[] = [];
  private timers: Set<Cancel> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private ended = false;
  private lastTitle: string | undefined;
  /** The signed session data the view mounted with, for hooks. */
  private data: SessionData = {};
  /** The step running now, for the render, diff and assign hooks inside it. */
  private current: StepHookContext | undefined;
  // Pubsub and presence, made when a view first uses them: most views never do, and every
  // view of every connected session carries these fields.
  /** Topics subscribed to, and how to stop each. */
  private subscriptions: Map<string, () => void> | undefined;
  /** What this view tracks in presence: by topic and key, the meta's ref. */
  private tracked: Map<string, { topic: string; key: string; ref: string }> | undefined;
  /** The socket's pubsub and presence (shared by its components). */
  private channelsMade: SocketChannels | undefined;

  constructor(
    readonly view: AnyView,
    private host: InstanceHost,
    url: URL,
  ) {
    this.url = url;
    // The instance is its socket's host: no closures per view (every connected view has one).
    this.socket = new SocketImpl(nextSocketId(), this);
    this.api = this.socket as unknown as LiveSocket<Assigns>;
  }

  get name(): string {
    return this.view.name;
  }

  /** Live components by id. */
  get components(): Map<string, ComponentInstance> {
    this.componentMap ??= new Map();
    return this.componentMap;
  }

  /** Nested live views by DOM id; their tokens stay the same across renders. */
  get nested(): Map<string, NestedView> {
    this.nestedMap ??= new Map();
    return this.nestedMap;
  }

  /** Whether the last render showed nested live views. */
  get hasNested(): boolean {
    return this.nestedMap !== undefined && this.nestedMap.size > 0;
  }

  // What the socket asks of its instance (SocketHost): internal to the runtime.

  /** Whether the browser has joined: false during the HTTP render. */
  get connected(): boolean {
    return this.host.connected;
  }

  markChanged(): void {
    this.dirty = true;
  }

  pushEvent(event: string, payload: unknown): void {
    this.pushes.push([event, payload]);
  }

  get assignHooks() {
    return this.assignHooksFor(undefined);
  }

  /**
   * Moves a mounted instance to another host: the HTTP render's instance handed to the
   * socket that joins it, so mount does not run twice.
   */
  rehost(host: InstanceHost): void {
    this.host = host;
  }

  /** Hands an update to the host, as a timer's step does (test harnesses drive this). */
  deliver(update: Update): void {
    this.host.deliver(update);
  }

  /** Whether mount asked if the socket was connected (or set up timers or pushes). */
  get mountDependsOnConnection(): boolean {
    return this.socket.connectedRead;
  }

  /**
   * Mounts, applies the URL's params and renders: the first tree. `restored` assigns (from a
   * ViewStateStore) are applied after mount, so timers and subscriptions mount sets up still run.
   */
  mount(
    params: Params,
    session: SessionData,
    restored?: Assigns,
    join?: JoinHookContext,
  ): Promise<Rendered> {
    this.data = session;
    return this.enqueue(async () => {
      const hooks = this.observedBy();
      if (hooks === undefined && !traced('mount')) return this.mountNow(params, session, restored);
      const context: MountHookContext = {
        kind: 'mount',
        view: this.name,
        session: this.host.session,
        params,
        url: this.url,
        data: session,
        connected: this.host.connected,
        refuse: refuser(`mounting view ${this.name}`),
        join,
        durationMs: 0,
        error: undefined,
      };
      return trace('mount', context, () =>
        this.hooked(context, 'beforeMount', 'afterMount', () =>
          this.mountNow(params, session, restored),
        ),
      );
    });
  }

  private async mountNow(
    params: Params,
    session: SessionData,
    restored: Assigns | undefined,
  ): Promise<Rendered> {
    try {
      const initial = await this.view.mount(params, session, this.api);
      if (initial !== undefined && initial !== null) this.socket.assign(initial as Assigns);
      await this.view.handleParams?.(params, this.url, this.api);
      if (restored !== undefined) this.socket.assign(restored);
    } catch (error) {
      const failure = error instanceof KineticError ? error : mountFailed(this.name, error);
      // notFound() is an answer, not a bug: no dev overlay, no error count.
      if (!isNotFound(failure) && failure.code !== 'KN_ERR_REFUSED')
        publishViewError({ view: this.name, phase: 'mount', error: failure });
      throw failure;
    }
    this.tree = await this.renderHooked();
    return this.tree;
  }

  /**
   * Runs a step between its before and after hooks: the before hook may refuse it, the
   * after hook sees how long it took and how it ended.
   */
  private async hooked<T, C extends StepHookContext>(
    context: C,
    before: 'beforeMount' | 'beforeEvent' | 'beforeInfo' | 'beforeParams',
    after: 'afterMount' | 'afterEvent' | 'afterInfo' | 'afterParams',
    body: () => Promise<T>,
  ): Promise<T> {
    const hooks = this.host.hooks;
    const started = now();
    this.current = context;
    try {
      if (hooks !== undefined) await fireHooks(hooks, before, context as never, this.host.log);
      return await body();
    } catch (error) {
      context.error =
        error instanceof KineticError ? error : handlerFailed(this.name, context.kind, error);
      throw error;
    } finally {
      this.current = undefined;
      context.durationMs = now() - started;
      if (hooks !== undefined) await fireHooks(hooks, after, context as never, this.host.log);
    }
  }

  /** The hooks of this view's scope, when any plugin registered one. */
  private observedBy(): HookSet | undefined {
    const hooks = this.host.hooks;
    return hooks?.any ? hooks : undefined;
  }

  /** Handles a browser event, for the view or one of its live components. */
  event(event: string, payload: EventPayload, target?: string): Promise<Update> {
    const context =
      this.observedBy() !== undefined || traced('event')
        ? {
            kind: 'event' as const,
            view: this.name,
            session: this.host.session,
            event,
            payload,
            target,
            data: this.data,
            refuse: refuser(`event "${event.slice(0, 60)}" of view ${this.name}`),
            durationMs: 0,
            error: undefined,
          }
        : undefined;
    return this.step(
      `handleEvent("${event}")`,
      async () => {
        if (target !== undefined) return this.componentEvent(event, payload, target);
        const handler = ownHandler(this.view.events, event);
        if (handler !== undefined) return handler(payload, this.api);
        if (this.view.handleEvent !== undefined)
          return this.view.handleEvent(event, payload, this.api);
        throw unknownEvent(event, this.name);
      },
      context,
      event.slice(0, 100),
    );
  }

  /** Delivers a message to handleInfo. */
  info(message: unknown): Promise<Update> {
    const context: InfoHookContext | undefined =
      this.observedBy() !== undefined || traced('info')
        ? {
            kind: 'info',
            view: this.name,
            session: this.host.session,
            message,
            durationMs: 0,
            error: undefined,
          }
        : undefined;
    return this.step(
      'handleInfo',
      async () => {
        if (this.view.handleInfo === undefined) {
          this.host.log.warn(
            { view: this.name },
            `view ${this.name} received a message but has no handleInfo`,
          );
          return;
        }
        await this.view.handleInfo(message, this.api);
      },
      context,
    );
  }

  /** The URL changed within the view (lv-patch link, back/forward). */
  params(url: URL, join?: JoinHookContext): Promise<Update> {
    const context: ParamsHookContext | undefined =
      this.observedBy() !== undefined || traced('params')
        ? {
            kind: 'params',
            view: this.name,
            session: this.host.session,
            url,
            join,
            durationMs: 0,
            error: undefined,
          }
        : undefined;
    return this.step(
      'handleParams',
      async () => {
        const params = this.host.matchParams(url);
        if (params === null) {
          this.gotos.push({ kind: 'n', url: url.href, replace: true });
          return;
        }
        this.url = url;
        await this.view.handleParams?.(params, url, this.api);
      },
      context,
    );
  }

  /** Ends the view: timers stop, subscriptions and presence go, terminate runs once. */
  async terminate(reason: TerminateReason): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    for (const cancel of this.timers ?? []) cancel();
    this.timers = undefined;
    for (const unsubscribe of this.subscriptions?.values() ?? []) unsubscribe();
    this.subscriptions = undefined;
    const presence = this.host.channels?.presence;
    for (const { topic, key, ref } of this.tracked?.values() ?? []) {
      void presence?.untrack(topic, key, ref).catch((error: unknown) => {
        this.host.log.error({ err: error, topic }, `view ${this.name} could not leave "${topic}"`);
      });
    }
    this.tracked = undefined;
    try {
      await this.view.terminate?.(reason, this.api);
    } catch (error) {
      this.host.log.error({ err: error, view: this.name }, `view ${this.name} threw in terminate`);
    }
  }

  get terminated(): boolean {
    return this.ended;
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs a handler, then the URL changes it asked for, then a render and a diff. A throw
   * anywhere restores the state from before the step.
   */
  private step(
    where: string,
    handler: () => Promise<EventResult>,
    context: StepHookContext | undefined,
    event?: string,
  ): Promise<Update> {
    if (context === undefined) return this.enqueue(() => this.runStep(where, handler, event));
    const [before, after] = STEP_HOOKS[context.kind];
    return this.enqueue(() =>
      trace(context.kind, context, () =>
        this.hooked(context, before, after, () => this.runStep(where, handler, event)),
      ),
    );
  }

  private async runStep(
    where: string,
    handler: () => Promise<EventResult>,
    event: string | undefined,
  ): Promise<Update> {
    // What a failure's log record says about the step (the session's log id is bound).
    const fields =
      event === undefined ? { view: this.name, where } : { view: this.name, where, event };
    const before = this.snapshot();
    const from = this.tree;
    let result: EventResult;
    let patch: Patch = null;
    try {
      result = await handler();
      await this.followPatches();
      if (this.dirty) {
        const next = await this.renderHooked();
        patch = this.tree === undefined ? next : await this.diffHooked(this.tree, next);
        this.tree = next;
      }
    } catch (error) {
      this.restore(before);
      const failure =
        error instanceof KineticError ? error : handlerFailed(this.name, where, error);
      // Every failure, an unknown event included, reaches the dev overlay and monitoring;
      // one render() already published is not published twice. notFound() is an answer.
      const answer = isNotFound(failure);
      if (!answer) publishViewError({ view: this.name, phase: 'handler', error: failure });
      // An unknown event or component, a refused URL, or a URL of nothing, is what any client
      // can send: a warning, or a hostile one fills the error log at will. Everything else is a bug
      // in the app: an error, with its stack.
      if (answer || REFUSALS.has(failure.code))
        this.host.log.warn({ ...fields, code: failure.code }, failure.message);
      else this.host.log.error({ ...fields, err: error, code: failure.code }, failure.message);
      throw failure;
    }
    // A flash put before (or after) a navigate goes with it, as in Phoenix: "saved" shows on
    // the page the save moved to.
    const flash = this.socket.flash;
    const gotos =
      Object.keys(flash).length === 0
        ? this.gotos
        : this.gotos.map((goto) => (goto.kind === 'n' ? { ...goto, flash } : goto));
    let update: Update = { patch, pushes: this.pushes, gotos, from, to: this.tree };
    this.pushes = [];
    this.gotos = [];
    if (patch !== null && this.view.title !== undefined) {
      const title = this.view.title({ ...this.socket.state, flash: this.socket.flash });
      if (title !== this.lastTitle) {
        this.lastTitle = title;
        if (title !== undefined) update = { ...update, title };
      }
    }
    return result && 'reply' in result ? { ...update, reply: result.reply } : update;
  }

  private async followPatches(): Promise<void> {
    for (const goto of this.gotos) {
      if (goto.kind !== 'p') continue;
      const url = new URL(goto.url, this.url);
      const params = this.host.matchParams(url);
      if (params === null) {
        // The URL belongs to another view: live navigation instead of a patch.
        (goto as { kind: GotoKind }).kind = 'n';
        continue;
      }
      this.url = url;
      await this.view.handleParams?.(params, url, this.api);
    }
  }

  private componentEvent(event: string, payload: EventPayload, target: string) {
    const component = this.componentMap?.get(target);
    if (component === undefined) throw unknownComponent(target, this.name);
    const handler = ownHandler(component.def.events, event);
    if (handler !== undefined) return handler(payload, component.socket);
    if (component.def.handleEvent !== undefined)
      return component.def.handleEvent(event, payload, component.socket);
    throw unknownEvent(event, this.name, target);
  }

  /**
   * Shows a flash another view carried here (see Goto.flash) over what this one put, and
   * renders: the tree the joining client gets.
   */
  async showFlash(flash: Flash): Promise<Rendered> {
    this.socket.flash = { ...flash, ...this.socket.flash };
    this.tree = await this.renderHooked();
    return this.tree;
  }

  /** Renders the view between the render hooks (when a plugin registered one). */
  async renderHooked(): Promise<Rendered> {
    const hooks = this.observedBy();
    if (hooks === undefined && !traced('render')) return this.render();
    const context: RenderHookContext = {
      view: this.name,
      step: this.current,
      durationMs: 0,
      error: undefined,
    };
    return trace('render', context, async () => {
      if (hooks !== undefined) await fireHooks(hooks, 'beforeRender', context, this.host.log);
      const started = now();
      try {
        return this.render();
      } catch (error) {
        context.error = error as KineticError;
        throw error;
      } finally {
        context.durationMs = now() - started;
        if (hooks !== undefined) await fireHooks(hooks, 'afterRender', context, this.host.log);
      }
    });
  }

  private async diffHooked(from: Rendered, to: Rendered): Promise<Patch> {
    const hooks = this.observedBy();
    if (hooks === undefined && !traced('diff')) return diff(from, to);
    const context: DiffHookContext = {
      view: this.name,
      step: this.current,
      durationMs: 0,
      patch: null,
      error: undefined,
    };
    return trace('diff', context, async () => {
      if (hooks !== undefined) await fireHooks(hooks, 'beforeDiff', context, this.host.log);
      const started = now();
      try {
        context.patch = diff(from, to);
        return context.patch;
      } catch (error) {
        context.error = renderFailed(this.name, error);
        throw context.error;
      } finally {
        context.durationMs = now() - started;
        if (hooks !== undefined) await fireHooks(hooks, 'afterDiff', context, this.host.log);
      }
    });
  }

  /**
   * What a socket's assign() reports to, when a plugin registered an assign hook: before
   * (a guard: a throw fails the step) and after, with the keys that changed.
   */
  private assignHooksFor(component: string | undefined) {
    const hooks = this.host.hooks;
    if (hooks === undefined || !(hooks.has('beforeAssign') || hooks.has('afterAssign')))
      return undefined;
    const log = this.host.log;
    return {
      before: (values: Readonly<Record<string, unknown>>): AssignHookContext => {
        const context: AssignHookContext = {
          view: this.name,
          component,
          step: this.current,
          values,
          changed: [],
        };
        fireHooksSync(hooks, 'beforeAssign', context, log);
        return context;
      },
      after: (hooked: object, changed: readonly string[]) => {
        const context = hooked as AssignHookContext;
        context.changed = changed;
        fireHooksSync(hooks, 'afterAssign', context, log);
      },
    };
  }

  /** Renders the view; components not rendered this time are dropped. */
  render(): Rendered {
    const seen = new Set<string>();
    const view = this;
    let tree: Rendered;
    try {
      tree = withRenderScope(
        {
          viewName: this.name,
          // Only a render that calls live() makes the map.
          get components() {
            return view.components;
          },
          seen,
          createComponent: (def, id, props) => this.createComponent(def, id, props),
          nested: (view, id, session) => this.nestedContainer(view, id, session),
        },
        () => this.view.render({ ...this.socket.state, flash: this.socket.flash }),
      );
    } catch (error) {
      const failure = error instanceof KineticError ? error : renderFailed(this.name, error);
      publishViewError({ view: this.name, phase: 'render', error: failure });
      throw failure;
    }
    for (const id of this.componentMap?.keys() ?? [])
      if (!seen.has(id)) this.componentMap?.delete(id);
    for (const id of this.nestedMap?.keys() ?? []) if (!seen.has(id)) this.nestedMap?.delete(id);
    this.dirty = false;
    this.socket.changed.clear();
    return tree;
  }

  /**
   * The root element of a nested view. Its content belongs to the nested view: it is there
   * only in the first HTTP render, and the browser never lets the parent's patches touch it.
   */
  private nestedContainer(view: AnyView, id: string, session: SessionData): Rendered {
    let nested = this.nested.get(id);
    if (nested === undefined || nested.view !== view) {
      const token = this.host.nestedToken?.(view, id, session) ?? '';
      nested = { view, token, session, html: undefined };
      this.nested.set(id, nested);
    }
    return nestedRoot(id, view.name, nested.token, raw(nested.html ?? ''));
  }

  /** The page title, when the view defines one. */
  title(): string | undefined {
    this.lastTitle = this.view.title?.({ ...this.socket.state, flash: this.socket.flash });
    return this.lastTitle;
  }

  private createComponent(def: AnyComponent, id: string, props: Assigns): ComponentInstance {
    const view = this;
    const socket = new SocketImpl<Assigns, unknown>(id, {
      get connected() {
        return view.host.connected;
      },
      markChanged: () => {
        this.dirty = true;
        const instance = this.componentMap?.get(id);
        if (instance !== undefined) instance.dirty = true;
      },
      pushEvent: (event, payload) => this.pushes.push([event, payload]),
      goto: (kind, to, replace) => this.goto(kind, to, replace),
      schedule: () => () => {},
      get assignHooks() {
        return view.assignHooksFor(id);
      },
      // A component's subscriptions are its view's: messages arrive in the view's handleInfo.
      get channels() {
        return view.channels;
      },
    }) as SocketImpl<Assigns, unknown> & ComponentSocket;
    socket.sendParent = (message: unknown) => {
      if (this.host.connected) this.schedule(message, 0, false);
    };
    // A component has no flash of its own: its messages are the view's, which renders them.
    socket.putFlash = (kind: string, message: string) => this.socket.putFlash(kind, message);
    const instance: ComponentInstance = {
      def,
      id,
      props,
      socket,
      rendered: undefined,
      dirty: true,
    };
    const state = def.mount?.(props, socket);
    if (state !== undefined) socket.state = { ...state };
    socket.changed.clear();
    return instance;
  }

  goto(kind: GotoKind, to: string, replace: boolean): void {
    this.gotos.push({ kind, url: checkNavigation(this.name, kind, to, this.url), replace });
  }

  /** A message from outside any step (a timer, a broadcast): handleInfo, then to the client. */
  private receive(message: unknown): void {
    if (this.ended) return;
    this.info(message).then(
      (update) => this.host.deliver(update),
      (error: KineticError) => this.host.fail(error),
    );
  }

  /** Pubsub and presence for this view's socket, on the host's channels. */
  get channels(): SocketChannels {
    this.channelsMade ??= this.socketChannels();
    return this.channelsMade;
  }

  private socketChannels(): SocketChannels {
    const need = () => {
      const channels = this.host.channels;
      if (channels === undefined) throw noChannels(this.name);
      return channels;
    };
    return {
      subscribe: (topic) => {
        if (!this.host.connected || this.ended) return false;
        this.subscriptions ??= new Map();
        if (this.subscriptions.has(topic)) return true;
        const stop = need().pubsub.subscribe(topic, (message, meta) => {
          if (meta.sender !== this.socket.id) this.receive(message);
        });
        this.subscriptions.set(topic, stop);
        return true;
      },
      unsubscribe: (topic) => {
        this.subscriptions?.get(topic)?.();
        this.subscriptions?.delete(topic);
      },
      broadcast: (topic, message, skipSelf) =>
        need().pubsub.broadcast(topic, message, {
          sender: skipSelf ? this.socket.id : undefined,
          view: this.name,
        }),
      track: async (topic, key, meta) => {
        if (!this.host.connected || this.ended) return;
        const id = `${topic}\u0000${key}`;
        if (this.tracked?.has(id)) return;
        const presence = need().presence;
        const ref = await presence.track(topic, key, meta);
        // The view ended while the adapter worked: it leaves at once.
        if (this.ended) await presence.untrack(topic, key, ref);
        else {
          this.tracked ??= new Map();
          this.tracked.set(id, { topic, key, ref });
        }
      },
      untrack: async (topic, key) => {
        const id = `${topic}\u0000${key}`;
        const entry = this.tracked?.get(id);
        if (entry === undefined) return;
        this.tracked?.delete(id);
        await need().presence.untrack(topic, key, entry.ref);
      },
      presence: (topic) => need().presence.list(topic),
    };
  }

  schedule(message: unknown, after: number, repeat: boolean): Cancel {
    if (this.ended) return () => {};
    const fire = () => {
      if (!repeat) this.timers?.delete(cancel);
      this.receive(message);
    };
    const stop = (this.host.scheduler ?? realScheduler).schedule(fire, after, repeat);
    const cancel = () => {
      stop();
      this.timers?.delete(cancel);
    };
    this.timers ??= new Set();
    this.timers.add(cancel);
    return cancel;
  }

  private snapshot(): Snapshot {
    // Most views have no live components: no map to build on every step.
    let components = NO_COMPONENTS;
    if (this.componentMap !== undefined && this.componentMap.size > 0) {
      const states = new Map<string, Assigns>();
      for (const [id, c] of this.componentMap) states.set(id, c.socket.state);
      components = states;
    }
    return { state: this.socket.state, flash: this.socket.flash, components };
  }

  private restore(snapshot: Snapshot): void {
    this.socket.state = snapshot.state;
    this.socket.flash = snapshot.flash;
    for (const [id, state] of snapshot.components) {
      const c = this.componentMap?.get(id);
      if (c !== undefined) c.socket.state = state;
    }
    this.pushes = [];
    this.gotos = [];
    this.dirty = false;
  }
}
