import { randomBytes } from 'node:crypto';
import { type Rendered, renderToString } from '@kinetic/diff';
import { LiveChannels } from './channels.js';
import { badView, forbidden, KineticError, routeConflict, unknownView } from './errors.js';
import { Handoffs } from './handoff.js';
import { fireHooks, HookSet, reportError, wants } from './hooks.js';
import { type InstanceHost, ViewInstance } from './instance.js';
import type { UrlGuard } from './join-authorization.js';
import { consoleLogger, type Logger } from './logger.js';
import type { Presence, PresenceAdapter } from './presence.js';
import type { PubSub, PubSubAdapter } from './pubsub.js';
import { compileRoute, paramsOf, type RoutePattern } from './route.js';
import type { SessionContext } from './session-context.js';
import { SessionRegistry } from './sessions.js';
import type { ViewStateStore } from './state-store.js';
import { TokenSigner } from './token.js';
import { type AnyView, isView, type Params, type SessionData } from './view.js';

export interface RuntimeOptions {
  /** The HMAC secret for view tokens, at least 32 characters. */
  readonly secret: string;
  readonly logger?: Logger;
  /** How long a page's view token stays valid. Default 24 h. */
  readonly tokenTtlMs?: number;
  /** Send error details to the browser. Default: on unless NODE_ENV is production. */
  readonly exposeErrors?: boolean;
  /** Largest frame accepted from a client, in bytes. Default 64 KiB. */
  readonly maxFrameBytes?: number;
  /** Sustained frames per second per connection. Default 50. */
  readonly framesPerSecond?: number;
  /** Frames a connection may send in a burst above the sustained rate. Default 100. */
  readonly frameBurst?: number;
  /** Views one connection may join. Default 32. */
  readonly maxViewsPerConnection?: number;
  /** Keeps views' state across a process restart (the dev server's hot reload). */
  readonly stateStore?: ViewStateStore;
  /** How long a session outlives its transport, so a reconnect resumes it. Default 30 s. */
  readonly graceMs?: number;
  /**
   * Unacknowledged messages held per session before updates are coalesced; at twice this
   * the client is cut off (it resumes). Default 500.
   */
  readonly outboxMessages?: number;
  /**
   * Unacknowledged bytes held per session before updates are coalesced; at twice this the
   * client is cut off (it resumes). Bounds what one client that stops reading costs.
   * Default 512 KiB.
   */
  readonly outboxBytes?: number;
  /** How long a client may stay behind before it is cut off (it resumes). Default 30 s. */
  readonly stuckMs?: number;
  /** Joined sessions held at once, attached or in their grace period. Default 10,000. */
  readonly maxSessions?: number;
  /** Sessions opened that no view has joined yet. Default 10,000. */
  readonly maxPendingSessions?: number;
  /** How long a new session may wait for its first join before it is closed. Default 10 s. */
  readonly joinTimeoutMs?: number;
  /** Transports attached at once. Default 10,000. */
  readonly maxConnections?: number;
  /** Transports attached at once from one address (IPv6: one /64). Default 500. */
  readonly maxConnectionsPerIp?: number;
  /** New sessions per second one address may open, sustained. Default 10. */
  readonly newSessionsPerIp?: number;
  /** New sessions one address may open at once above that rate. Default 100. */
  readonly newSessionBurst?: number;
  /** How long an HTTP render's instance waits for its join (single mount); 0 disables. Default 10 s. */
  readonly handoffMs?: number;
  /** Carries broadcasts between processes (@kinetic/redis). Default: in memory, one process. */
  readonly pubsub?: PubSubAdapter;
  /** Keeps presence across processes (@kinetic/redis). Default: in memory, one process. */
  readonly presence?: PresenceAdapter;
  /** Largest broadcast message, encoded. Default 256 KiB. */
  readonly maxBroadcastBytes?: number;
}

/** A page's live view, rendered for the first HTTP response. */
export interface RenderedPage {
  /** The view's root element, with its token, ready to place in a layout. */
  readonly html: string;
  readonly title: string | undefined;
  readonly tree: Rendered;
}

interface LiveRoute {
  readonly pattern: RoutePattern;
  readonly view: AnyView;
  /** The plugins' hooks of the scope the route was declared in. */
  readonly hooks: HookSet;
}

/**
 * The server side of Kinetic without the network: the registry of live routes, token
 * signing, the HTTP render, and the limits every transport applies. Its sessions see none of
 * it whole: it hands them a SessionContext naming what they use (see sessionContext).
 */
export class LiveRuntime {
  /** Tells this runtime's sessions apart from others' in diagnostics events. */
  readonly id = randomBytes(6).toString('base64url');
  readonly signer: TokenSigner;
  readonly log: Logger;
  readonly tokenTtlMs: number;
  readonly exposeErrors: boolean;
  readonly maxFrameBytes: number;
  readonly framesPerSecond: number;
  readonly frameBurst: number;
  readonly maxViewsPerConnection: number;
  readonly outboxMessages: number;
  readonly outboxBytes: number;
  readonly stuckMs: number;
  /** Every live session of this process. */
  readonly sessions: SessionRegistry;
  /** HTTP renders' instances waiting for their join (single mount). */
  readonly handoffs: Handoffs;
  /** Writable so dev tooling (`kinetic dev`) can attach one to an app it did not configure. */
  stateStore: ViewStateStore | undefined;
  /**
   * Asks the app's route guards about a URL a live client wants (a join elsewhere than its
   * token's URL, a URL change). The Fastify plugin sets it; without it, authorize() decides.
   */
  urlGuard: UrlGuard | undefined;
  /** The app's hooks: every session's, and those of every route declared without a scope. */
  readonly hooks = new HookSet();
  /** The app's pubsub and presence. */
  readonly channels: LiveChannels;
  private readonly routes: LiveRoute[] = [];
  private readonly views = new Map<string, AnyView>();
  /** The hooks of views joined by name (nested views): those of the view that first showed them. */
  private readonly viewHooks = new Map<string, HookSet>();
  private rootIds = 0;

  constructor(options: RuntimeOptions) {
    this.log = options.logger ?? consoleLogger;
    this.signer = new TokenSigner(options.secret, this.log);
    this.tokenTtlMs = options.tokenTtlMs ?? 24 * 60 * 60 * 1000;
    this.exposeErrors = options.exposeErrors ?? process.env.NODE_ENV !== 'production';
    this.maxFrameBytes = options.maxFrameBytes ?? 64 * 1024;
    this.framesPerSecond = options.framesPerSecond ?? 50;
    this.frameBurst = options.frameBurst ?? 100;
    this.maxViewsPerConnection = options.maxViewsPerConnection ?? 32;
    this.stateStore = options.stateStore;
    this.outboxMessages = options.outboxMessages ?? 500;
    this.outboxBytes = options.outboxBytes ?? 512 * 1024;
    this.stuckMs = options.stuckMs ?? 30_000;
    this.sessions = new SessionRegistry(
      {
        graceMs: options.graceMs ?? 30_000,
        maxSessions: options.maxSessions ?? 10_000,
        maxPendingSessions: options.maxPendingSessions ?? 10_000,
        joinTimeoutMs: options.joinTimeoutMs ?? 10_000,
        maxConnections: options.maxConnections ?? 10_000,
        maxConnectionsPerIp: options.maxConnectionsPerIp ?? 500,
        newSessionsPerIp: options.newSessionsPerIp ?? 10,
        newSessionBurst: options.newSessionBurst ?? 100,
      },
      this.sessionContext(),
    );
    this.handoffs = new Handoffs(options.handoffMs ?? 10_000, 10_000);
    this.channels = new LiveChannels({
      pubsub: options.pubsub,
      presence: options.presence,
      maxBroadcastBytes: options.maxBroadcastBytes,
      log: this.log,
      sent: (topic, bytes, view) => {
        if (wants(this.hooks, 'onBroadcast'))
          void fireHooks(this.hooks, 'onBroadcast', { topic, bytes, view }, this.log);
      },
    });
  }

  /**
   * Broadcasts from app code, outside any view: `app.kinetic.pubsub.broadcast(topic, message)`.
   * Views subscribed to the topic receive the message in handleInfo.
   */
  get pubsub(): PubSub {
    return this.channels.pubsub;
  }

  /** Who is present where: `app.kinetic.presence.list(topic)`. */
  get presence(): Presence {
    return this.channels.presence;
  }

  /** Declares a live route; its views run the hooks of `hooks` (a scope), or the app's. */
  route(path: string, view: AnyView, hooks: HookSet = this.hooks): void {
    if (!isView(view))
      throw badView(
        String((view as { name?: unknown })?.name ?? path),
        'declare it with defineView',
      );
    const clash = this.routes.find((r) => r.pattern.path === path);
    if (clash !== undefined) throw routeConflict(path, clash.view.name, view.name);
    this.registerView(view, hooks);
    this.routes.push({ pattern: compileRoute(path), view, hooks });
  }

  /**
   * The hooks a view runs at `url`: those of the route it matches there, else those it was
   * registered with (a nested view: its parent's), else the app's.
   */
  hooksFor(view: AnyView, url: URL | undefined): HookSet {
    if (url !== undefined) {
      for (const route of this.routes) {
        if (route.view === view && route.pattern.match(url.pathname) !== null) return route.hooks;
      }
    }
    return this.viewHooks.get(view.name) ?? this.hooks;
  }

  view(name: string): AnyView {
    const view = this.views.get(name);
    if (view === undefined) throw unknownView(name);
    return view;
  }

  /** The live routes, in the order they were declared: each path and its view's name. */
  liveRoutes(): ReadonlyArray<{ readonly path: string; readonly view: string }> {
    return this.routes.map((route) => ({ path: route.pattern.path, view: route.view.name }));
  }

  /** Route params when `url` is one of `view`'s routes, else null. */
  matchParams(view: AnyView, url: URL): Params | null {
    for (const route of this.routes) {
      if (route.view !== view) continue;
      const params = route.pattern.match(url.pathname);
      if (params !== null) return paramsOf(url, params);
    }
    return null;
  }

  /**
   * The first, not yet connected render of a live route: mount, handleParams, render, and
   * a root element carrying a signed token so the browser can join.
   */
  async renderPage(
    view: AnyView,
    url: URL,
    routeParams: Params,
    session: SessionData,
    csrf: string,
    /** The client's address, for what a refusal reports. */
    ip?: string,
  ): Promise<RenderedPage> {
    const id = `lv-${(++this.rootIds).toString(36)}`;
    const hooks = this.hooksFor(view, url);
    try {
      const page = await this.renderView(view, url, routeParams, session, csrf, id, hooks);
      return { html: page.html, title: page.instance.title(), tree: page.tree };
    } catch (error) {
      if (error instanceof KineticError && error.code !== 'KN_ERR_NOT_FOUND')
        reportError(hooks, error, { view: view.name, ip }, this.log);
      throw error;
    }
  }

  /** Makes a view known by name so browsers can join it (nested views need this after a restart). */
  registerView(view: AnyView, hooks?: HookSet): void {
    if (!isView(view))
      throw badView(String((view as { name?: unknown })?.name), 'declare it with defineView');
    const known = this.views.get(view.name);
    if (known !== undefined && known !== view) {
      throw badView(view.name, 'another view already uses this name; view names must be unique');
    }
    this.views.set(view.name, view);
    if (hooks !== undefined && !this.viewHooks.has(view.name)) this.viewHooks.set(view.name, hooks);
  }

  /** A signed token for a view the browser will join, bound to the page's CSRF token. */
  tokenFor(
    view: AnyView,
    id: string,
    params: Params,
    session: SessionData,
    csrfDigest: string,
    nonce?: string,
    url?: URL,
  ): string {
    return this.signer.sign({
      v: view.name,
      p: params,
      s: session,
      c: csrfDigest,
      e: Date.now() + this.tokenTtlMs,
      i: id,
      ...(url === undefined ? {} : { u: url.pathname + url.search }),
      ...(nonce === undefined ? {} : { n: nonce }),
    });
  }

  /**
   * Mounts and renders a view for the HTTP response, with its nested views' HTML inside it,
   * and signs its token. The instance is parked for the join (single mount).
   */
  private async renderView(
    view: AnyView,
    url: URL,
    routeParams: Params,
    session: SessionData,
    csrf: string,
    id: string,
    hooks: HookSet,
    nested = false,
  ) {
    const digest = this.signer.csrfDigest(csrf);
    const host: InstanceHost = {
      connected: false,
      log: this.log,
      hooks,
      channels: this.channels,
      matchParams: (u) => this.matchParams(view, u),
      deliver: () => {},
      fail: () => {},
      nestedToken: (child, childId, childSession) =>
        this.nestedToken(child, childId, childSession, digest, hooks),
    };
    const params = nested ? routeParams : paramsOf(url, routeParams);
    if (view.authorize !== undefined && !(await view.authorize(params, session, url))) {
      throw forbidden(view.name, url.pathname + url.search);
    }
    const instance = new ViewInstance(view, host, url);
    let tree = await instance.mount(params, session);
    if (instance.hasNested) {
      for (const [childId, child] of instance.nested) {
        const childHooks = this.hooksFor(child.view, undefined);
        const page = await this.renderView(
          child.view,
          url,
          {},
          child.session,
          csrf,
          childId,
          childHooks,
          true,
        );
        child.html = page.inner;
        child.token = page.token;
      }
      tree = await instance.renderHooked();
      instance.tree = tree;
      // Later renders leave nested content to the nested views.
      for (const child of instance.nested.values()) child.html = undefined;
    }
    const token = this.tokenFor(
      view,
      id,
      routeParams,
      session,
      digest,
      instance.socket.id,
      nested ? undefined : url,
    );
    this.handoffs.park(instance.socket.id, instance);
    const inner = renderToString(tree);
    const html = `<div id="${id}" data-live-view="${view.name}" data-lv-token="${token}">${inner}</div>`;
    return { html, inner, tree, token, instance };
  }

  /** A nested view's token: the view made known by name, the token bound to the page's CSRF. */
  private nestedToken(
    view: AnyView,
    id: string,
    session: SessionData,
    csrfDigest: string,
    parentHooks: HookSet,
  ) {
    this.registerView(view, parentHooks);
    return this.tokenFor(view, id, {}, session, csrfDigest);
  }

  /** What the sessions of this runtime may use of it. */
  private sessionContext(): SessionContext {
    const runtime = this;
    return {
      log: this.log,
      exposeErrors: this.exposeErrors,
      limits: {
        maxFrameBytes: this.maxFrameBytes,
        framesPerSecond: this.framesPerSecond,
        frameBurst: this.frameBurst,
        maxViewsPerConnection: this.maxViewsPerConnection,
        outboxMessages: this.outboxMessages,
        outboxBytes: this.outboxBytes,
        stuckMs: this.stuckMs,
      },
      authorization: {
        verify: (token) => this.signer.verify(token),
        csrfDigest: (csrf) => this.signer.csrfDigest(csrf),
        view: (name) => this.view(name),
        matchParams: (view, url) => this.matchParams(view, url),
        // Set by the transport after the runtime is built.
        get urlGuard() {
          return runtime.urlGuard;
        },
      },
      mounting: {
        handoff: (claims, host) => this.handoffs.take(claims, host),
        nestedToken: (view, id, session, digest, parentHooks) =>
          this.nestedToken(view, id, session, digest, parentHooks),
        // Set by dev tooling after the runtime is built.
        get stateStore() {
          return runtime.stateStore;
        },
      },
      runtimeId: this.id,
      // Built after the registry this context is made for.
      get channels() {
        return runtime.channels;
      },
      hooks: {
        app: this.hooks,
        forView: (view, url) => this.hooksFor(view, url),
      },
    };
  }
}
