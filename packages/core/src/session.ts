import { randomBytes } from 'node:crypto';
import {
  diff,
  encodePatch,
  encodeTree,
  type Patch,
  type Rendered,
  type StaticsTable,
  type WirePatch,
} from '@kinetic/diff';
import {
  type AckFrame,
  type ClientFrame,
  type JoinPayload,
  ProtocolError,
  parseClientMessage,
} from '@kinetic/protocol';
import {
  alreadyJoined,
  csrfMismatch,
  forbidden,
  frameTooLarge,
  KineticError,
  notFoundIn,
  notJoined,
  rateLimited,
  renderFailed,
  tooManyViews,
  urlInvalid,
} from './errors.js';
import { type InstanceHost, type Update, ViewInstance } from './instance.js';
import { RateLimit } from './rate-limit.js';
import type { LiveRuntime } from './runtime.js';
import { type Channel, CLOSE_CODES, SessionOutput } from './session-output.js';
import type { AttachRequest } from './sessions.js';
import { safeEqual } from './token.js';
import type { Flash, SessionData, TerminateReason } from './view.js';

/** How long a navigate's flash waits for the view it goes to: the page load in between. */
const CARRIED_FLASH_MS = 30_000;

/**
 * What route guards see of a live client: the headers of the request its transport
 * attached with (cookie, authorization, user agent) and its address.
 */
export interface RequestContext {
  readonly headers: Readonly<Record<string, string>>;
  readonly ip?: string | undefined;
}

/** Asks the app's route guards whether this client may see `url` (a join or a URL change). */
export type UrlGuard = (url: URL, client: RequestContext) => Promise<boolean>;

/** What a session tells the registry that holds it. */
export interface SessionHooks {
  detached(session: LiveSession): void;
  /** The session ended; `wasAttached`: a transport was attached until then. */
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

/** A joined view and what its client holds. */
interface Joined {
  readonly instance: ViewInstance;
  /** The signed session data it joined with, for authorize(). */
  readonly session: SessionData;
  /** The tree the client has (after the last patch sent to it). */
  sent: Rendered | undefined;
  /** Updates were held back while the outbox was full; a catch-up diff is owed. */
  stale: boolean;
}

/**
 * One browser tab's live session. It outlives its transports: every view of the page,
 * the statics the client holds, and an outbox of numbered messages the client has not
 * acknowledged, so a reconnect within the grace period resumes with nothing lost or doubled.
 */
export class LiveSession {
  readonly sid = randomBytes(16).toString('base64url');
  private readonly views = new Map<number, Joined>();
  /** Fingerprints whose statics the client holds. */
  private readonly sent = new Set<string>();
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
  /** Steps in progress, so a shutdown can wait for them. */
  private inFlight = new Set<Promise<void>>();
  /** The flash of the last navigate, for the view the client joins next at that path. */
  private carried:
    | { readonly path: string; readonly flash: Flash; readonly until: number }
    | undefined;

  constructor(
    private readonly runtime: LiveRuntime,
    /** The CSRF cookie the session was opened with; every later attachment must match it. */
    readonly csrfCookie: string | undefined,
    private readonly hooks: SessionHooks,
  ) {
    this.out = new SessionOutput(
      runtime,
      (channel) => this.detach(channel),
      // Requests keep coming (POSTs) but nobody polls for the answers.
      (error) => {
        runtime.log.warn({}, error.message);
        this.end(CLOSE_CODES.stuck, error.code);
      },
    );
    this.limit = new RateLimit(runtime.framesPerSecond, runtime.frameBurst);
    this.acks = new RateLimit(runtime.framesPerSecond * 4, runtime.frameBurst * 4);
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

  get attached(): boolean {
    return this.out.attached;
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
    if (this.attached) this.hooks.addressOut(this.client.ip);
    this.client = { headers: request.context.headers, ip: request.ip };
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
  }

  /** The transport went away. Views live on; the runtime starts the grace period. */
  detach(channel: Channel): void {
    if (!this.out.detach(channel)) return;
    this.hooks.addressOut(this.client.ip);
    if (!this.closed) this.hooks.detached(this);
  }

  /** Takes one client message (a frame or a batch). Never throws: failures become frames. */
  receive(text: string): void {
    if (this.closed) return;
    if (text.length > this.runtime.maxFrameBytes / 4) {
      const bytes = Buffer.byteLength(text);
      if (bytes > this.runtime.maxFrameBytes) {
        const error = frameTooLarge(bytes, this.runtime.maxFrameBytes);
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
        if (this.acks.strikes > this.runtime.frameBurst * 4)
          this.end(CLOSE_CODES.policy, 'KN_ERR_RATE_LIMITED');
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
    const error = rateLimited(this.runtime.framesPerSecond);
    if (this.limit.strikes > this.runtime.frameBurst) this.end(CLOSE_CODES.policy, error.code);
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
    const wasAttached = this.attached;
    if (wasAttached) this.hooks.addressOut(this.client.ip);
    this.out.close(code, why);
    const views = [...this.views.values()];
    this.views.clear();
    this.hooks.closed(this, wasAttached);
    await Promise.all(views.map((view) => view.instance.terminate(reason)));
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
        await joined?.instance.terminate('leave');
        this.out.send(['r', frame[1]]);
        return;
      }
    }
  }

  private async join(ref: number, id: number, payload: JoinPayload): Promise<void> {
    if (this.views.has(id)) throw alreadyJoined(id);
    if (this.views.size >= this.runtime.maxViewsPerConnection) {
      throw tooManyViews(this.runtime.maxViewsPerConnection);
    }
    const claims = this.runtime.signer.verify(payload.k);
    const cookie = this.csrfCookie;
    if (
      (cookie !== undefined && !safeEqual(cookie, payload.c)) ||
      !safeEqual(this.runtime.signer.csrfDigest(payload.c), claims.c)
    ) {
      throw csrfMismatch();
    }
    const view = this.runtime.view(claims.v);
    const url = clientUrl(payload.u);
    // The token's URL is the truth: mount gets the params the page was rendered (and its
    // guards passed) with, whatever URL the client reports. A client that is elsewhere by
    // now (an lv-patch before a reconnect) gets there through handleParams, guarded.
    const signed = claims.u === undefined ? url : new URL(claims.u, url.origin);
    const params =
      claims.u === undefined ? claims.p : (this.runtime.matchParams(view, signed) ?? claims.p);
    const moved = signed.pathname !== url.pathname || signed.search !== url.search;
    if (view.authorize !== undefined && !(await view.authorize(params, claims.s, signed))) {
      throw forbidden(view.name, signed.pathname + signed.search);
    }
    const host: InstanceHost = {
      connected: true,
      log: this.runtime.log,
      matchParams: (u) => this.runtime.matchParams(view, u),
      deliver: (update) => this.deliver(id, update),
      fail: (error) => this.out.send(['x', 0, error.code, this.expose(error), id]),
      nestedToken: (child, childId, childSession) => {
        this.runtime.registerView(child);
        return this.runtime.tokenFor(child, childId, {}, childSession, claims.c);
      },
    };
    // Single mount: the instance the HTTP render mounted, when it is still here and its
    // mount did not depend on being connected.
    const handed = this.runtime.handoffs.take(claims, host);
    const instance = handed ?? new ViewInstance(view, host, signed);
    // Registered before mount resolves, so events for it queue behind the mount.
    const joined: Joined = { instance, session: claims.s, sent: undefined, stale: false };
    this.views.set(id, joined);
    let tree: Rendered;
    try {
      tree =
        handed?.tree ??
        (await instance.mount(params, claims.s, this.runtime.stateStore?.saved(payload.k)));
      const carried = this.carried;
      if (carried !== undefined && carried.path === signed.pathname) {
        this.carried = undefined;
        if (Date.now() < carried.until) tree = instance.showFlash(carried.flash);
      }
    } catch (error) {
      this.views.delete(id);
      await instance.terminate('error');
      // Mounted again at the join (a reconnect, a record deleted since the render): the page
      // load answers 404 as the HTTP render does.
      const missing = notFoundIn(error);
      if (missing === undefined) throw error;
      this.runtime.log.info({ view: view.name, path: url.pathname }, missing.message);
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
          followUp = await instance.params(url);
        } catch (error) {
          missing = notFoundIn(error);
          if (missing === undefined) throw error;
        }
        tree = instance.tree ?? tree;
      } else {
        refused = true;
      }
    }
    joined.sent = tree;
    if (!this.everJoined) {
      this.everJoined = true;
      this.hooks.joined(this);
    }
    this.runtime.joined(claims.i, instance);
    this.runtime.stateStore?.joined(payload.k, instance);
    let encoded: ReturnType<typeof encodeTree>;
    try {
      encoded = encodeTree(tree, this.sent);
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

  /**
   * Whether this client may see `url` in a joined view: a URL of another view is left to
   * live navigation (its page GET runs its guards); one of this view's routes needs the
   * view's authorize() and the route's guards to agree.
   */
  private async mayOpen(joined: Joined, url: URL): Promise<boolean> {
    const view = joined.instance.view;
    const params = this.runtime.matchParams(view, url);
    if (params === null) return true;
    if (view.authorize !== undefined && !(await view.authorize(params, joined.session, url)))
      return false;
    return this.runtime.urlGuard === undefined || this.runtime.urlGuard(url, this.client);
  }

  /** The answer to a refused URL: an error, and a page load of it, where the guards answer. */
  private refuseUrl(ref: number, id: number, joined: Joined, url: URL): void {
    const error = forbidden(joined.instance.name, url.pathname + url.search);
    this.runtime.log.warn({ view: joined.instance.name, path: url.pathname }, error.message);
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

  /** The patch that takes the client's tree to the view's current one. */
  private patchFor(joined: Joined, update: Update): Patch {
    if (joined.sent === update.from) {
      if (update.patch !== null) joined.sent = update.to;
      return update.patch;
    }
    const current = joined.instance.tree;
    if (current === undefined || joined.sent === undefined || current === joined.sent) return null;
    const patch = diff(joined.sent, current);
    joined.sent = current;
    joined.stale = false;
    return patch;
  }

  private encode(patch: Patch): [WirePatch | 0, StaticsTable | 0] {
    if (patch === null) return [0, 0];
    const { s, p } = encodePatch(patch, this.sent);
    return [p, s ?? 0];
  }

  private reply(ref: number, view: number, update: Update): void {
    const joined = this.views.get(view);
    this.out.batch(() => {
      const [p, s] = this.encode(joined === undefined ? null : this.patchFor(joined, update));
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
      joined.stale = true;
      this.out.watchBacklog();
      return;
    }
    this.out.batch(() => {
      const [p, s] = this.encode(this.patchFor(joined, update));
      if (p !== 0) this.out.send(s === 0 ? ['d', view, p] : ['d', view, p, s]);
      this.effects(view, update);
    });
  }

  /** Sends the owed catch-up diffs once the client has room again. */
  private catchUp(): void {
    for (const [id, joined] of this.views) {
      if (!joined.stale || this.out.full) continue;
      const current = joined.instance.tree;
      joined.stale = false;
      if (current === undefined || joined.sent === undefined || current === joined.sent) continue;
      const patch = diff(joined.sent, current);
      joined.sent = current;
      const [p, s] = this.encode(patch);
      if (p !== 0) this.out.send(s === 0 ? ['d', id, p] : ['d', id, p, s]);
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
    if (error instanceof ProtocolError) {
      this.out.send(['x', ref, error.code, error.message]);
      return;
    }
    if (error instanceof KineticError) {
      const message = this.expose(error);
      this.out.send(
        view === undefined
          ? ['x', ref, error.code, message]
          : ['x', ref, error.code, message, view],
      );
      return;
    }
    this.runtime.log.error({ err: error }, 'unexpected failure while handling a frame');
    this.out.send(['x', ref, 'KN_ERR_INTERNAL', 'the server failed to handle this frame']);
  }

  /** What the browser may see of an error: details in development, a summary otherwise. */
  private expose(error: KineticError): string {
    if (this.runtime.exposeErrors) return error.message;
    // notFound()'s message is the app's own words, as on the 404 page: development only.
    if (error.code === 'KN_ERR_NOT_FOUND') return `${error.code}: nothing was found at this URL.`;
    if (error.code !== 'KN_ERR_VIEW_HANDLER') return error.message;
    return `${error.code}: the view failed to handle the request; details are in the server log.`;
  }
}

/** A URL a client sent: absolute, or relative to `base`; of `base`'s origin when given. */
function clientUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw urlInvalid(text, base === undefined ? 'it is not an absolute URL' : 'it is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw urlInvalid(text, 'it is not an http(s) URL');
  if (base !== undefined && url.origin !== base.origin)
    throw urlInvalid(text, 'it belongs to another origin');
  return url;
}
