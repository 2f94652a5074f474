import type { TransportName } from '@kinetic/protocol';
import type { LiveChannels } from './channels.js';
import type { HookSet } from './hooks.js';
import type { InstanceHost, ViewInstance } from './instance.js';
import type { AuthorizationContext, RequestContext } from './join-authorization.js';
import type { Logger } from './logger.js';
import type { ViewStateStore } from './state-store.js';
import type { ViewClaims } from './token.js';
import type { AnyView, SessionData } from './view.js';

// What a live session is given: by the runtime that opens it (SessionContext, built by
// LiveRuntime and passed on by the SessionRegistry), and by each transport that attaches.

/** How a transport attaches: the session it asks to resume, and what the client has seen. */
export interface AttachRequest {
  readonly sid: string | undefined;
  /** The session's resume key, which the client got in its last hello. */
  readonly key: string | undefined;
  /**
   * The key came in the URL (WebSocket, event stream), where logs and proxies may keep it:
   * it is spent, and the hello carries a new one.
   */
  readonly keyInUrl: boolean;
  readonly ack: number;
  readonly csrfCookie: string | undefined;
  /** The client's address (Fastify's request.ip, which honours trustProxy). */
  readonly ip: string | undefined;
  /** What route guards may look at for this client (cookie, authorization). */
  readonly context: RequestContext;
  /** Which transport attaches, and the id of its HTTP request (for logs and hooks). */
  readonly transport?: TransportName | undefined;
  readonly requestId?: string | undefined;
}

/** The limits a session applies to its client. */
export interface SessionLimits {
  /** Largest frame accepted, in bytes. */
  readonly maxFrameBytes: number;
  /** Sustained frames per second, and the burst above it. */
  readonly framesPerSecond: number;
  readonly frameBurst: number;
  readonly maxViewsPerConnection: number;
  /** The outbox's bounds, and how long the client may stay behind them. */
  readonly outboxMessages: number;
  readonly outboxBytes: number;
  readonly stuckMs: number;
}

/** How a session gets the instances of the views it joins. */
export interface MountContext {
  /** Single mount: the HTTP render's instance for this join, moved to `host`; or undefined. */
  handoff(claims: ViewClaims, host: InstanceHost): ViewInstance | undefined;
  /** A signed token for a nested view of a joined one, bound to the page's CSRF digest. */
  nestedToken(
    view: AnyView,
    id: string,
    session: SessionData,
    csrfDigest: string,
    parentHooks: HookSet,
  ): string;
  /** Views' state across a restart (the dev server's hot reload); read at every join. */
  readonly stateStore: ViewStateStore | undefined;
}

/** What a session needs of the runtime that opened it; LiveRuntime builds it. */
export interface SessionContext {
  readonly log: Logger;
  /** Send error details to the browser (development). */
  readonly exposeErrors: boolean;
  readonly limits: SessionLimits;
  readonly authorization: AuthorizationContext;
  readonly mounting: MountContext;
  /** Names the runtime in diagnostics events (VIEW_JOINED_CHANNEL). */
  readonly runtimeId: string;
  readonly hooks: HookContext;
  /** The app's pubsub and presence, for the views a session joins. */
  readonly channels: LiveChannels;
}

/** The plugins' hooks a session runs. */
export interface HookContext {
  /** The app's: connections, errors, refusals, shutdown. */
  readonly app: HookSet;
  /** A view's at a URL: those of the scope its route was declared in. */
  forView(view: AnyView, url: URL | undefined): HookSet;
}
