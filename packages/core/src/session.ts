import { randomBytes } from 'node:crypto';
import type { encodeTree, Rendered } from '@kinetic/diff';
import {
  type AckFrame,
  type ClientFrame,
  type JoinPayload,
  ProtocolError,
  parseClientMessage,
} from '@kinetic/protocol';
import { ClientMirror, type HeldView } from './client-mirror.js';
import { publishViewJoined } from './diagnostics-join.js';
import {
  alreadyJoined,
  forbidden,
  frameTooLarge,
  internalFailure,
  KineticError,
  notFoundIn,
  notJoined,
  rateLimited,
  renderFailed,
  tooManyViews,
} from './errors.js';
import {
  type DisconnectReason,
  fireHooks,
  type HookSet,
  type JoinHookContext,
  refuser,
  reportError,
  reportPanic,
  type SessionInfo,
  wants,
} from './hooks.js';
import { type InstanceHost, type Update, ViewInstance } from './instance.js';
import {
  type AuthorizedJoin,
  clientUrl,
  JoinAuthorization,
  type RequestContext,
} from './join-authorization.js';
import { bindLogger, type Logger } from './logger.js';
import { RateLimit } from './rate-limit.js';
import type { AttachRequest, SessionContext, SessionLimits } from './session-context.js';
import { type Channel, CLOSE_CODES, SessionOutput } from './session-output.js';
import { trace, traced } from './tracing-channels.js';
import type { AnyView, Flash, SessionData, TerminateReason } from './view.js';

/** How long a navigate's flash waits for the view it goes to: the page load in between. */
const CARRIED_FLASH_MS = 30_000;

/** What a session tells the registry that holds it. */
export interface SessionHooks {
  /** The transport went; the grace period starts (a long-poll may still hold its slot). */
  detached(session: LiveSession): void;
  /** A long-poll session's gap passed with no poll: its connection slot is free. */
  slotReleased(session: LiveSession): void;
  /** The session ended; `wasAttached`: it held a connection slot until then. */
  closed(session: LiveSession, wasAttached: boolean): void;
  /** A view joined for the first time: the session is no longer pending. */
  joined(session: LiveSession): void;
  /** A transport from `ip` attached, or went away (per-address caps). */
  addressIn(ip: string | undefined): void;
  addressOut(ip: string | undefined): void;
}

const newKey = () => randomBytes(18).toString('base64url');

/** A client frame that asks for an answer (everything but an acknowledgement). */
type Request = Exclude<ClientFrame, AckFrame>;

/** A joined view and what its client holds of it. */
interface Joined {
  readonly instance: ViewInstance;
  /** The plugins' hooks of the view's scope. */
  readonly hooks: HookSet;
  /** The signed session data it joined with, for authorize(). */
  readonly session: SessionData;
  readonly held: HeldView;
}

/**
 * One browser tab's live session. It outlives its transports: every view of the page,
 * the statics the client holds, and an outbox of numbered messages the client has not
 * acknowledged, so a reconnect within the grace period resumes with nothing lost or doubled.
 */
export class LiveSession {
  readonly sid = randomBytes(16).toString('base64url');
  /** The session as logs, metrics and plugins see it: a log id, never the sid. */
  readonly info: SessionInfo;
  /** The runtime's logger, with the session's log id (and the first request's id) bound. */
  private readonly log: Logger;
  private readonly views = new Map<number, Joined>();
  /** What the client holds: statics, and each view's tree. */
  private readonly mirror = new ClientMirror();
  private readonly authorization: JoinAuthorization;
  private readonly limits: SessionLimits;
  private readonly out: SessionOutput;
  private readonly limit: RateLimit;
  /** Acknowledgements have their own budget: a busy view makes its client ack often. */
  private readonly acks: RateLimit;
  private lastRef = 0;
  private closed = false;
  private everJoined = false;
  private secret = newKey();
  /** The attached transport's request, for route guards; its address, for per-IP caps. */
  private client: RequestContext = { headers: {} };
  /** Failures already reported to the plugins, with more context than failRequest has. */
  private reportedErrors: WeakSet<Error> | undefined;
  /** Steps in progress, so a shutdown can wait for them. */
  private inFlight = new Set<Promise<void>>();
  /** A long-poll went: its slot is kept until this fires or the next poll attaches. */
  private slotHold: NodeJS.Timeout | undefined;
  /** The flash of the last navigate, for the view the client joins next at that path. */
  private carried:
    | { readonly path: string; readonly flash: Flash; readonly until: number }
    | undefined;

  constructor(
    private readonly context: SessionContext,
    /** The CSRF cookie the session was opened with; every later attachment must match it. */
    readonly csrfCookie: string | undefined,
    private readonly hooks: SessionHooks,
    opened?: {
      readonly transport?: SessionInfo['transport'];
      readonly requestId?: string | undefined;
    },
  ) {
    const limits = context.limits;
    this.limits = limits;
    const id = randomBytes(6).toString('base64url');
    this.info = {
      id,
      transport: opened?.transport,
      ip: undefined,
      requestId: opened?.requestId,
    };
    this.log = bindLogger(context.log, {
      session: id,
      ...(opened?.requestId === undefined ? {} : { reqId: opened.requestId }),
    });
    this.authorization = new JoinAuthorization(context.authorization, csrfCookie);
    this.out = new SessionOutput(
      { ...limits, log: this.log },
      (channel) => this.detach(channel, 'slow'),
      // Requests keep coming (POSTs) but nobody polls for the answers.
      (error) => {
        this.log.warn({}, error.message);
        this.end(CLOSE_CODES.stuck, error.code);
      },
    );
    this.limit = new RateLimit(limits.framesPerSecond, limits.frameBurst);
    this.acks = new RateLimit(limits.framesPerSecond * 4, limits.frameBurst * 4);
  }

  /**
   * The secret a client proves to resume this session. It travels only inside hellos,
   * never in a URL the server hands out, and is replaced whenever a client had to put it in
   * one (WebSocket and event-stream URLs), so a logged URL never resumes anyone.
   */
  get key(): string {
    return this.secret;
  }

  /** Number of views joined. */
  get size(): number {
    return this.views.size;
  }

  /** The names of the views joined, one per view. */
  *viewNames(): IterableIterator<string> {
    for (const joined of this.views.values()) yield joined.instance.name;
  }

  get attached(): boolean {
    return this.out.attached;
  }

  /** Holds a connection slot: attached, or between two polls of a long-poll client. */
  get holdsSlot(): boolean {
    return this.out.attached || this.slotHold !== undefined;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Messages held for the client, and their approximate bytes. */
  get backlog(): { messages: number; bytes: number } {
    return this.out.backlog;
  }

  /**
   * A transport attaches: the hello, then every message after `ack` again, then catch-up
   * diffs for views whose updates were held back. A previous transport is closed.
   */
  attach(channel: Channel, request: AttachRequest, resumed: boolean): void {
    if (request.keyInUrl) this.secret = newKey();
    // A long-poll's next poll carries on the connection its last one held.
    const carriesOn = this.slotHold !== undefined && !this.out.attached;
    const replaces = this.out.attached;
    if (this.holdsSlot) this.hooks.addressOut(this.client.ip);
    clearTimeout(this.slotHold);
    this.slotHold = undefined;
    this.client = { headers: request.context.headers, ip: request.ip };
    const info = this.info as { -readonly [K in keyof SessionInfo]: SessionInfo[K] };
    const previous = info.transport;
    info.ip = request.ip;
    if (request.transport !== undefined) info.transport = request.transport;
    if (request.requestId !== undefined) info.requestId = request.requestId;
    this.hooks.addressIn(request.ip);
    this.out.attach(channel, request.ack, (first) => [
      's',
      this.sid,
      resumed ? 1 : 0,
      this.lastRef,
      first,
      this.secret,
    ]);
    this.catchUp();
    this.out.watchBacklog();
    const app = this.context.hooks.app;
    if (replaces) this.disconnected('superseded', { ...this.info, transport: previous });
    if (carriesOn && !replaces) return;
    const name = resumed ? 'onReconnect' : 'onConnect';
    if (wants(app, name)) this.fire(app, name, { session: this.info });
  }

  /** The transport went away. Views live on; the runtime starts the grace period. */
  detach(channel: Channel, reason: DisconnectReason = 'closed'): void {
    if (!this.out.detach(channel)) return;
    if (channel.slotHoldMs !== undefined && !this.closed) {
      this.slotHold = setTimeout(() => this.releaseSlot(), channel.slotHoldMs);
      this.slotHold.unref?.();
    } else {
      this.hooks.addressOut(this.client.ip);
      this.disconnected(reason);
    }
    if (!this.closed) this.hooks.detached(this);
  }

  /** No poll followed within the gap: the connection slot goes back. */
  private releaseSlot(): void {
    this.slotHold = undefined;
    this.hooks.addressOut(this.client.ip);
    this.hooks.slotReleased(this);
    this.disconnected('closed');
  }

  private disconnected(reason: DisconnectReason, info: SessionInfo = this.info): void {
    const app = this.context.hooks.app;
    if (wants(app, 'onDisconnect')) this.fire(app, 'onDisconnect', { session: info, reason });
  }

  /** Runs a hook point that guards nothing: its handlers are isolated, nobody waits. */
  private fire<N extends 'onConnect' | 'onReconnect' | 'onDisconnect' | 'onLeave' | 'onPatch'>(
    set: HookSet,
    name: N,
    context: Parameters<typeof fireHooks<N>>[2],
  ): void {
    void fireHooks(set, name, context, this.log);
  }

  /**
   * Reports a join's failure with the view it was for (failRequest cannot know it: the view
   * never joined), and marks it so failRequest does not report it again.
   */
  private reported(error: unknown, view: string, hooks: HookSet | undefined): unknown {
    if (error instanceof KineticError || error instanceof ProtocolError) {
      this.report(error, view, hooks);
      this.reportedErrors ??= new WeakSet();
      this.reportedErrors.add(error);
    }
    return error;
  }

  /** Reports an error the session answered (or a refusal) to the plugins. */
  private report(error: Error & { code: string }, view?: string, hooks?: HookSet): void {
    reportError(
      hooks ?? this.context.hooks.app,
      error,
      { view, session: this.info, ip: this.client.ip },
      this.log,
    );
  }

  /** Takes one client message (a frame or a batch). Never throws: failures become frames. */
  receive(text: string): void {
    if (this.closed) return;
    if (text.length > this.limits.maxFrameBytes / 4) {
      const bytes = Buffer.byteLength(text);
      if (bytes > this.limits.maxFrameBytes) {
        const error = frameTooLarge(bytes, this.limits.maxFrameBytes);
        this.report(error);
        this.out.send(['x', 0, error.code, error.message]);
        this.end(CLOSE_CODES.tooBig, error.code);
        return;
      }
    }
    let frames: ClientFrame[];
    try {
      frames = parseClientMessage(text);
    } catch (error) {
      // A frame that does not parse costs a request's share of the rate limit, so a flood
      // of garbage is cut off like any other flood, and its answers stay bounded.
      if (!this.admit(0)) return;
      const e =
        error instanceof ProtocolError
          ? error
          : new ProtocolError('KN_ERR_FRAME_MALFORMED', 'the frame could not be read', 0);
      this.report(e);
      this.out.send(['x', e.ref, e.code, e.message]);
      return;
    }
    for (const frame of frames) {
      if (this.closed) return;
      this.take(frame);
    }
  }

  private take(frame: ClientFrame): void {
    if (frame[0] === 'a') {
      if (!this.acks.take()) {
        // A dropped ack is harmless (the next one covers it); a client that only floods is cut.
        if (this.acks.strikes > this.limits.frameBurst * 4) {
          this.report(rateLimited(this.limits.framesPerSecond * 4));
          this.end(CLOSE_CODES.policy, 'KN_ERR_RATE_LIMITED');
        }
        return;
      }
      this.out.ack(frame[1]);
      this.catchUp();
      this.out.watchBacklog();
      return;
    }
    const ref = frame[1];
    // Refs increase within a session, and clients send requests in ref order (one socket,
    // or one POST at a time); after a resume they send again only those above `lastRef`.
    // So a ref at or below it is a request that arrived twice (a late POST racing its
    // resend): it is answered once only.
    if (ref <= this.lastRef) return;
    this.lastRef = ref;
    if (!this.admit(ref)) return;
    const step = this.dispatch(frame).catch((error: unknown) => this.failRequest(frame, error));
    this.inFlight.add(step);
    void step.finally(() => this.inFlight.delete(step));
  }

  /**
   * Takes one request's share of the rate limit. Refused requests are answered (the client
   * stops waiting for them) until the client has been refused `frameBurst` times in a row;
   * then the session ends.
   */
  private admit(ref: number): boolean {
    if (this.limit.take()) return true;
    const error = rateLimited(this.limits.framesPerSecond);
    this.report(error);
    if (this.limit.strikes > this.limits.frameBurst) this.end(CLOSE_CODES.policy, error.code);
    else this.out.send(['x', ref, error.code, error.message]);
    return false;
  }

  /** Waits for the steps in progress (a graceful shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Tells the attached client to reconnect after `afterMs` (shutdown, deploy). */
  announceShutdown(afterMs: number): void {
    this.out.send(['c', 'shutdown', afterMs]);
  }

  /** Ends the session: views terminate, the transport closes. */
  async close(reason: TerminateReason, code = 1001, why = 'closed'): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const wasAttached = this.holdsSlot;
    clearTimeout(this.slotHold);
    this.slotHold = undefined;
    if (wasAttached) this.hooks.addressOut(this.client.ip);
    this.out.close(code, why);
    if (wasAttached) this.disconnected('ended');
    const views = [...this.views.values()];
    this.views.clear();
    this.hooks.closed(this, wasAttached);
    await Promise.all(views.map((view) => this.leave(view, reason)));
  }

  /** A joined view ends: it terminates, and the plugins hear it left. */
  private async leave(joined: Joined, reason: TerminateReason): Promise<void> {
    await joined.instance.terminate(reason);
    if (wants(joined.hooks, 'onLeave'))
      this.fire(joined.hooks, 'onLeave', {
        view: joined.instance.name,
        session: this.info,
        reason,
      });
  }

  /** A policy violation: the session ends, the client starts afresh. */
  private end(code: number, reason: string): void {
    void this.close('error', code, reason);
  }

  private async dispatch(frame: Request): Promise<void> {
    switch (frame[0]) {
      case 'h':
        this.out.send(['r', frame[1]]);
        return;
      case 'j':
        return this.join(frame[1], frame[2], frame[3]);
      case 'e': {
        const joined = this.joinedView(frame[2]);
        const update = await joined.instance.event(frame[3], frame[4] ?? {}, frame[5]);
        this.reply(frame[1], frame[2], update);
        return;
      }
      case 'u': {
        const joined = this.joinedView(frame[2]);
        const url = clientUrl(frame[3], joined.instance.url);
        // The client asks for a URL: it may change params only if this view's route matches
        // and the route's guards let this client see it there.
        if (!(await this.mayOpen(joined, url)))
          return this.refuseUrl(frame[1], frame[2], joined, url);
        let update: Update;
        try {
          update = await joined.instance.params(url);
        } catch (error) {
          const missing = notFoundIn(error);
          if (missing === undefined) throw error;
          return this.loadInstead(frame[1], frame[2], missing, url);
        }
        this.reply(frame[1], frame[2], update);
        return;
      }
      case 'l': {
        const joined = this.views.get(frame[2]);
        this.views.delete(frame[2]);
        if (joined !== undefined) await this.leave(joined, 'leave');
        this.out.send(['r', frame[1]]);
        return;
      }
    }
  }

  private async join(ref: number, id: number, payload: JoinPayload): Promise<void> {
    if (this.views.has(id)) throw alreadyJoined(id);
    if (this.views.size >= this.limits.maxViewsPerConnection) {
      throw tooManyViews(this.limits.maxViewsPerConnection);
    }
    const claims = this.authorization.claims(payload);
    let checked: AuthorizedJoin;
    try {
      checked = this.authorization.check(payload, claims);
    } catch (error) {
      // The token verified: the refusal names the view it was for.
      throw this.reported(error, claims.v, undefined);
    }
    const hooks = this.context.hooks.forView(checked.view, checked.signed);
    if (!hooks.any && !traced('join')) {
      return this.joinChecked(ref, id, payload, checked, hooks).catch((error: unknown) => {
        throw this.reported(error, checked.view.name, hooks);
      });
    }
    const context: JoinHookContext = {
      view: checked.view.name,
      session: this.info,
      url: checked.signed,
      params: checked.params,
      data: checked.claims.s,
      refuse: refuser(`joining view ${checked.view.name}`),
      durationMs: 0,
      handedOff: false,
      error: undefined,
    };
    return trace('join', context, async () => {
      const started = performance.now();
      try {
        // Awaited before the view is registered, as authorize() is: a client sends a view's
        // events once its join is answered.
        await fireHooks(hooks, 'beforeJoin', context, this.log);
        await this.joinChecked(ref, id, payload, checked, hooks, context);
      } catch (error) {
        context.error = error instanceof KineticError ? error : internalFailure();
        throw this.reported(error, checked.view.name, hooks);
      } finally {
        context.durationMs = performance.now() - started;
        await fireHooks(hooks, 'afterJoin', context, this.log);
      }
    });
  }

  private async joinChecked(
    ref: number,
    id: number,
    payload: JoinPayload,
    checked: AuthorizedJoin,
    hooks: HookSet,
    context?: JoinHookContext,
  ): Promise<void> {
    // Awaited only for a view with authorize(): without one, the view is registered below
    // before anything yields, so events sent right behind the join queue behind its mount.
    if (checked.view.authorize !== undefined) await this.authorization.authorize(checked);
    const { claims, view, url, signed, params, moved } = checked;
    const mounting = this.context.mounting;
    const host = new JoinedHost(this, id, view, claims.c, hooks, this.log, this.context);
    // Single mount: the instance the HTTP render mounted, when it is still here and its
    // mount did not depend on being connected.
    const handed = mounting.handoff(claims, host);
    if (context !== undefined) context.handedOff = handed !== undefined;
    const instance = handed ?? new ViewInstance(view, host, signed);
    // Registered before mount resolves, so events for it queue behind the mount.
    const joined: Joined = { instance, hooks, session: claims.s, held: this.mirror.view() };
    this.views.set(id, joined);
    let tree: Rendered;
    try {
      tree =
        handed?.tree ??
        (await instance.mount(params, claims.s, mounting.stateStore?.saved(payload.k), context));
      const carried = this.carried;
      if (carried !== undefined && carried.path === signed.pathname) {
        this.carried = undefined;
        if (Date.now() < carried.until) tree = await instance.showFlash(carried.flash);
      }
    } catch (error) {
      this.views.delete(id);
      await instance.terminate('error');
      // Mounted again at the join (a reconnect, a record deleted since the render): the page
      // load answers 404 as the HTTP render does.
      const missing = notFoundIn(error);
      if (missing === undefined) throw error;
      this.log.info({ view: view.name, path: url.pathname }, missing.message);
      return this.loadInstead(ref, id, missing, url);
    }
    if (this.closed) {
      await instance.terminate('disconnect');
      return;
    }

    let followUp: Update | undefined;
    let refused = false;
    let missing: KineticError | undefined;
    if (moved) {
      if (await this.mayOpen(joined, url)) {
        try {
          followUp = await instance.params(url, context);
        } catch (error) {
          missing = notFoundIn(error);
          if (missing === undefined) throw error;
        }
        tree = instance.tree ?? tree;
      } else {
        refused = true;
      }
    }
    joined.held.tree = tree;
    if (!this.everJoined) {
      this.everJoined = true;
      this.hooks.joined(this);
    }
    publishViewJoined({
      runtime: this.context.runtimeId,
      root: claims.i,
      view: view.name,
      sid: this.sid,
      instance,
    });
    mounting.stateStore?.joined(payload.k, instance);
    let encoded: ReturnType<typeof encodeTree>;
    try {
      encoded = this.mirror.encodeTree(tree);
    } catch (error) {
      this.views.delete(id);
      await instance.terminate('error');
      throw renderFailed(view.name, error);
    }
    const { s, t } = encoded;
    const title = instance.title();
    this.out.batch(() => {
      this.out.send([
        'r',
        ref,
        { t, ...(s ? { s } : {}), ...(title !== undefined ? { title } : {}) },
      ]);
      if (followUp !== undefined) this.effects(id, followUp);
      if (refused) this.refuseUrl(0, id, joined, url);
      if (missing !== undefined) this.loadInstead(0, id, missing, url);
    });
  }

  /** Whether this client may see `url` in a joined view (see JoinAuthorization.mayOpen). */
  private mayOpen(joined: Joined, url: URL): Promise<boolean> {
    return this.authorization.mayOpen(joined.instance.view, joined.session, url, this.client);
  }

  /** The answer to a refused URL: an error, and a page load of it, where the guards answer. */
  private refuseUrl(ref: number, id: number, joined: Joined, url: URL): void {
    const error = forbidden(joined.instance.name, url.pathname + url.search);
    this.log.warn({ view: joined.instance.name, path: url.pathname }, error.message);
    this.report(error, joined.instance.name, joined.hooks);
    this.out.batch(() => {
      this.out.send(['x', ref, error.code, error.message, id]);
      this.out.send(['g', id, 'r', url.href, 1]);
    });
  }

  /**
   * A view said notFound() for `url`: the error, and a page load of the URL in place, whose
   * HTTP render answers with the 404 page. The view (if joined) keeps its state meanwhile.
   */
  private loadInstead(ref: number, id: number, error: KineticError, url: URL): void {
    this.out.batch(() => {
      this.out.send(['x', ref, error.code, this.expose(error), id]);
      this.out.send(['g', id, 'r', url.href, 1]);
    });
  }

  private joinedView(id: number): Joined {
    const joined = this.views.get(id);
    if (joined === undefined) throw notJoined(id);
    return joined;
  }

  private reply(ref: number, view: number, update: Update): void {
    const joined = this.views.get(view);
    this.out.batch(() => {
      const [p, s] = this.mirror.encode(
        joined === undefined
          ? null
          : this.mirror.patchFor(joined.held, update, joined.instance.tree),
      );
      if (p !== 0 && joined !== undefined) this.patched(joined, p, s);
      if (update.reply !== undefined) this.out.send(['r', ref, p, s, update.reply]);
      else if (s !== 0) this.out.send(['r', ref, p, s]);
      else if (p !== 0) this.out.send(['r', ref, p]);
      else this.out.send(['r', ref]);
      this.effects(view, update);
    });
  }

  /** A server-initiated update. While the client is behind, it is held back (coalesced). */
  private deliver(view: number, update: Update): void {
    const joined = this.views.get(view);
    if (joined === undefined || this.closed) return;
    if (this.out.full) {
      // Only the latest state matters: one catch-up diff replaces every held-back update.
      joined.held.stale = true;
      this.out.watchBacklog();
      return;
    }
    this.out.batch(() => {
      const [p, s] = this.mirror.encode(
        this.mirror.patchFor(joined.held, update, joined.instance.tree),
      );
      if (p !== 0) {
        this.patched(joined, p, s);
        this.out.send(s === 0 ? ['d', view, p] : ['d', view, p, s]);
      }
      this.effects(view, update);
    });
  }

  /** A joined view's server-initiated update (its host's deliver): internal to the runtime. */
  viewUpdated(id: number, update: Update): void {
    this.deliver(id, update);
  }

  /** A joined view's server-initiated step failed (its host's fail): internal to the runtime. */
  viewFailed(id: number, view: string, hooks: HookSet, error: KineticError): void {
    this.report(error, view, hooks);
    this.out.send(['x', 0, error.code, this.expose(error), id]);
  }

  /** Tells the plugins how big a view's changes were on the wire. */
  private patched(joined: Joined, patch: unknown, statics: unknown): void {
    if (!wants(joined.hooks, 'onPatch')) return;
    const bytes =
      Buffer.byteLength(JSON.stringify(patch)) +
      (statics === 0 ? 0 : Buffer.byteLength(JSON.stringify(statics)));
    this.fire(joined.hooks, 'onPatch', { view: joined.instance.name, session: this.info, bytes });
  }

  /** Sends the owed catch-up diffs once the client has room again. */
  private catchUp(): void {
    for (const [id, joined] of this.views) {
      if (this.out.full) continue;
      const [p, s] = this.mirror.encode(this.mirror.catchUp(joined.held, joined.instance.tree));
      if (p === 0) continue;
      this.patched(joined, p, s);
      this.out.send(s === 0 ? ['d', id, p] : ['d', id, p, s]);
    }
  }

  private effects(view: number, update: Update): void {
    if (update.title !== undefined) this.out.send(['t', view, update.title]);
    for (const [event, payload] of update.pushes) this.out.send(['p', view, event, payload]);
    for (const goto of update.gotos) {
      if (goto.flash !== undefined) {
        const path = new URL(goto.url, 'http://x').pathname;
        this.carried = { path, flash: goto.flash, until: Date.now() + CARRIED_FLASH_MS };
      }
      this.out.send(
        goto.replace ? ['g', view, goto.kind, goto.url, 1] : ['g', view, goto.kind, goto.url],
      );
    }
  }

  private failRequest(frame: Request, error: unknown): void {
    const ref = frame[1];
    const view = frame[0] === 'h' ? undefined : frame[2];
    const fresh = error instanceof Error && this.reportedErrors?.has(error) !== true;
    if (error instanceof ProtocolError) {
      if (fresh) this.report(error);
      this.out.send(['x', ref, error.code, error.message]);
      return;
    }
    if (error instanceof KineticError) {
      const joined = view === undefined ? undefined : this.views.get(view);
      if (fresh) this.report(error, joined?.instance.name, joined?.hooks);
      const message = this.expose(error);
      this.out.send(
        view === undefined
          ? ['x', ref, error.code, message]
          : ['x', ref, error.code, message, view],
      );
      return;
    }
    this.log.error({ err: error }, 'unexpected failure while handling a frame');
    reportPanic(this.context.hooks.app, error, `handling a "${frame[0]}" frame`, this.log);
    this.failRequest(frame, internalFailure());
  }

  /** What the browser may see of an error: details in development, a summary otherwise. */
  private expose(error: KineticError): string {
    if (this.context.exposeErrors) return error.message;
    // notFound()'s message is the app's own words, as on the 404 page: development only.
    if (error.code === 'KN_ERR_NOT_FOUND') return `${error.code}: nothing was found at this URL.`;
    if (error.code !== 'KN_ERR_VIEW_HANDLER') return error.message;
    return `${error.code}: the view failed to handle the request; details are in the server log.`;
  }
}

/**
 * What a joined view's instance is given (InstanceHost): one object per view, its methods
 * on the prototype, since every connected view of every session has one.
 */
class JoinedHost implements InstanceHost {
  readonly connected = true;

  constructor(
    private readonly owner: LiveSession,
    private readonly id: number,
    private readonly view: AnyView,
    /** The CSRF digest of the page, which nested views' tokens are bound to. */
    private readonly csrfDigest: string,
    readonly hooks: HookSet,
    readonly log: Logger,
    private readonly context: SessionContext,
  ) {}

  get session(): SessionInfo {
    return this.owner.info;
  }

  get channels() {
    return this.context.channels;
  }

  matchParams(url: URL) {
    return this.context.authorization.matchParams(this.view, url);
  }

  deliver(update: Update): void {
    this.owner.viewUpdated(this.id, update);
  }

  fail(error: KineticError): void {
    this.owner.viewFailed(this.id, this.view.name, this.hooks, error);
  }

  nestedToken(child: AnyView, childId: string, childSession: SessionData): string {
    return this.context.mounting.nestedToken(
      child,
      childId,
      childSession,
      this.csrfDigest,
      this.hooks,
    );
  }
}
