import {
  encodePatch,
  encodeTree,
  type Patch,
  type StaticsTable,
  type WirePatch,
} from '@kinetic/diff';
import {
  type ClientFrame,
  encodeFrame,
  type JoinPayload,
  ProtocolError,
  parseClientFrame,
  type ServerFrame,
} from '@kinetic/protocol';
import {
  alreadyJoined,
  csrfMismatch,
  frameTooLarge,
  KineticError,
  notJoined,
  rateLimited,
  renderFailed,
  tooManyViews,
} from './errors.js';
import { type InstanceHost, type Update, ViewInstance } from './instance.js';
import type { LiveRuntime } from './runtime.js';
import { safeEqual } from './token.js';
import type { TerminateReason } from './view.js';

/**
 * The seam between the protocol and a transport. A WebSocket, an SSE stream with POSTs,
 * or a long-poll loop each provide one per browser connection.
 */
export interface Channel {
  send(frame: string): void;
  close(code: number, reason: string): void;
}

/** What the transport learned about the browser when the connection opened. */
export interface ConnectionContext {
  /** The CSRF cookie sent with the connection request, if any. */
  readonly csrfCookie: string | undefined;
}

/**
 * One browser connection: it multiplexes every view of the page, validates every frame,
 * applies the rate and size limits, and turns view updates into frames.
 */
export class LiveConnection {
  private readonly views = new Map<number, ViewInstance>();
  /** Fingerprints whose statics this connection already received. */
  private readonly sent = new Set<string>();
  private tokens: number;
  private lastRefill = Date.now();
  private strikes = 0;
  private closed = false;
  /** Frames of the step being answered, sent together by batch(). */
  private pending: ServerFrame[] | undefined;

  constructor(
    private readonly runtime: LiveRuntime,
    private readonly channel: Channel,
    private readonly context: ConnectionContext,
  ) {
    this.tokens = runtime.frameBurst;
  }

  /** Number of views joined on this connection. */
  get size(): number {
    return this.views.size;
  }

  /** Takes one frame from the transport. Never throws: every failure becomes a frame. */
  receive(text: string): void {
    if (this.closed) return;
    if (text.length > this.runtime.maxFrameBytes / 4) {
      const bytes = Buffer.byteLength(text);
      if (bytes > this.runtime.maxFrameBytes) {
        const error = frameTooLarge(bytes, this.runtime.maxFrameBytes);
        this.send(['x', 0, error.code, error.message]);
        this.channel.close(1009, error.code);
        void this.close('disconnect');
        return;
      }
    }
    let frame: ClientFrame;
    try {
      frame = parseClientFrame(text);
    } catch (error) {
      const e = error as ProtocolError;
      this.send(['x', e.ref, e.code, e.message]);
      return;
    }
    if (!this.takeToken()) {
      const error = rateLimited(this.runtime.framesPerSecond);
      this.send(['x', frame[1], error.code, error.message]);
      if (++this.strikes > this.runtime.frameBurst) {
        this.channel.close(1008, error.code);
        void this.close('disconnect');
      }
      return;
    }
    this.strikes = 0;
    this.dispatch(frame).catch((error: unknown) => this.failRequest(frame, error));
  }

  /** The transport is gone: every view ends. */
  async close(reason: TerminateReason): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const views = [...this.views.values()];
    this.views.clear();
    await Promise.all(views.map((view) => view.terminate(reason)));
  }

  private async dispatch(frame: ClientFrame): Promise<void> {
    switch (frame[0]) {
      case 'h':
        this.send(['r', frame[1]]);
        return;
      case 'j':
        return this.join(frame[1], frame[2], frame[3]);
      case 'e': {
        const view = this.viewOf(frame[2]);
        const update = await view.event(frame[3], frame[4] ?? {}, frame[5]);
        this.reply(frame[1], frame[2], update);
        return;
      }
      case 'u': {
        const view = this.viewOf(frame[2]);
        const update = await view.params(new URL(frame[3], view.url));
        this.reply(frame[1], frame[2], update);
        return;
      }
      case 'l': {
        const view = this.views.get(frame[2]);
        this.views.delete(frame[2]);
        await view?.terminate('leave');
        this.send(['r', frame[1]]);
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
    const cookie = this.context.csrfCookie;
    if (
      (cookie !== undefined && !safeEqual(cookie, payload.c)) ||
      !safeEqual(this.runtime.signer.csrfDigest(payload.c), claims.c)
    ) {
      throw csrfMismatch();
    }
    const view = this.runtime.view(claims.v);
    let url: URL;
    try {
      url = new URL(payload.u);
    } catch {
      throw new ProtocolError(
        'KN_ERR_FRAME_MALFORMED',
        `the join URL "${payload.u.slice(0, 100)}" is not absolute`,
        ref,
      );
    }
    const params = this.runtime.matchParams(view, url) ?? claims.p;
    const host: InstanceHost = {
      connected: true,
      log: this.runtime.log,
      matchParams: (u) => this.runtime.matchParams(view, u),
      deliver: (update) => this.deliver(id, update),
      fail: (error) => this.send(['x', 0, error.code, this.expose(error), id]),
    };
    const instance = new ViewInstance(view, host, url);
    this.views.set(id, instance);
    let tree: Awaited<ReturnType<ViewInstance['mount']>>;
    try {
      tree = await instance.mount(params, claims.s, this.runtime.stateStore?.saved(payload.k));
    } catch (error) {
      this.views.delete(id);
      await instance.terminate('error');
      throw error;
    }
    if (this.closed) {
      await instance.terminate('disconnect');
      return;
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
    this.send(['r', ref, { t, ...(s ? { s } : {}), ...(title !== undefined ? { title } : {}) }]);
  }

  private viewOf(id: number): ViewInstance {
    const view = this.views.get(id);
    if (view === undefined) throw notJoined(id);
    return view;
  }

  private encode(patch: Patch): [WirePatch | 0, StaticsTable | 0] {
    if (patch === null) return [0, 0];
    const { s, p } = encodePatch(patch, this.sent);
    return [p, s ?? 0];
  }

  private reply(ref: number, view: number, update: Update): void {
    this.batch(() => this.replyFrames(ref, view, update));
  }

  private replyFrames(ref: number, view: number, update: Update): void {
    const [p, s] = this.encode(update.patch);
    if (update.reply !== undefined) this.send(['r', ref, p, s, update.reply]);
    else if (s !== 0) this.send(['r', ref, p, s]);
    else if (p !== 0) this.send(['r', ref, p]);
    else this.send(['r', ref]);
    this.effects(view, update);
  }

  private deliver(view: number, update: Update): void {
    if (!this.views.has(view)) return;
    this.batch(() => this.deliverFrames(view, update));
  }

  private deliverFrames(view: number, update: Update): void {
    const [p, s] = this.encode(update.patch);
    if (p !== 0) this.send(s === 0 ? ['d', view, p] : ['d', view, p, s]);
    this.effects(view, update);
  }

  private effects(view: number, update: Update): void {
    if (update.title !== undefined) this.send(['t', view, update.title]);
    for (const [event, payload] of update.pushes) this.send(['p', view, event, payload]);
    for (const goto of update.gotos) {
      this.send(
        goto.replace ? ['g', view, goto.kind, goto.url, 1] : ['g', view, goto.kind, goto.url],
      );
    }
  }

  private failRequest(frame: ClientFrame, error: unknown): void {
    const ref = frame[1];
    const view = frame[0] === 'h' ? undefined : frame[2];
    if (error instanceof ProtocolError) {
      this.send(['x', ref, error.code, error.message]);
      return;
    }
    if (error instanceof KineticError) {
      const message = this.expose(error);
      this.send(
        view === undefined
          ? ['x', ref, error.code, message]
          : ['x', ref, error.code, message, view],
      );
      return;
    }
    this.runtime.log.error({ err: error }, 'unexpected failure while handling a frame');
    this.send(['x', ref, 'KN_ERR_INTERNAL', 'the server failed to handle this frame']);
  }

  /** What the browser may see of an error: details in development, the code and a summary otherwise. */
  private expose(error: KineticError): string {
    if (this.runtime.exposeErrors || error.code !== 'KN_ERR_VIEW_HANDLER') return error.message;
    return `${error.code}: the view failed to handle the request; details are in the server log.`;
  }

  private takeToken(): boolean {
    const now = Date.now();
    const rate = this.runtime.framesPerSecond;
    this.tokens = Math.min(
      this.runtime.frameBurst,
      this.tokens + ((now - this.lastRefill) * rate) / 1000,
    );
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Sends the frames produced inside `fn` as one message: one write per step. */
  private batch(fn: () => void): void {
    const frames: ServerFrame[] = [];
    this.pending = frames;
    try {
      fn();
    } finally {
      this.pending = undefined;
    }
    if (this.closed || frames.length === 0) return;
    this.channel.send(frames.length === 1 ? encodeFrame(frames[0] as ServerFrame) : JSON.stringify(frames));
  }

  private send(frame: ServerFrame): void {
    if (this.closed) return;
    if (this.pending !== undefined) this.pending.push(frame);
    else this.channel.send(encodeFrame(frame));
  }
}
