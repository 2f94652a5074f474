import type { StaticsCache } from '@kinetic/diff';
import {
  type ClientFrame,
  type JoinReply,
  PROTOCOL_VERSION,
  type ServerFrame,
  type ServerMessage,
} from '@kinetic/protocol';
import { badFrame, KineticClientError, notConnected, report } from './errors.js';
import type { Hook } from './hooks.js';
import type { Transport, TransportFactory } from './transport.js';
import { View } from './view.js';

/** How the page asked to be connected; see `connect()`. */
export interface ConnectionOptions {
  hooks: Record<string, Hook> | undefined;
  transport: TransportFactory;
  livePath: string;
  csrf: string;
}

interface Pending {
  kind: ClientFrame[0];
  view: View | undefined;
  resolve(reply: unknown): void;
  reject(error: Error): void;
  /** Undoes loading state; runs after the reply's patch is on the page. */
  settle: (() => void) | undefined;
}

/** What a `g` frame asks: redirect, patch or navigate to `url`. */
export type GotoHandler = (
  view: View | undefined,
  kind: 'r' | 'p' | 'n',
  url: string,
  replace: boolean,
) => void;

const HEARTBEAT_MS = 30_000;
const BACKOFF_START_MS = 200;
const BACKOFF_CAP_MS = 5_000;

/**
 * One connection (one tab): multiplexes every view on the page, numbers requests, matches
 * replies, keeps the heartbeat and reconnects with backoff.
 */
export class LiveSocket {
  /** Statics the server sent on this connection, shared by all its views. */
  private readonly statics: StaticsCache = new Map();
  private readonly views = new Map<number, View>();
  private readonly byElement = new WeakMap<Element, View>();
  private readonly pending = new Map<number, Pending>();
  private transport: Transport | undefined;
  private ref = 0;
  private nextView = 0;
  private attempts = 0;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private heartbeatRef = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  /** True while frames can be sent. */
  connected = false;
  /** Moves the browser for a `g` frame; navigation installs the live version. */
  onGoto: GotoHandler = (_view, _kind, url) => location.assign(url);

  constructor(readonly options: ConnectionOptions) {}

  /** Closes for good: no reconnect. */
  disconnect(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.transport?.close();
    this.dropped();
  }

  /** The view an element belongs to: the closest view root around it. */
  viewOf(el: Element): View | undefined {
    const root = el.closest('[data-live-view]');
    return root ? this.byElement.get(root) : undefined;
  }

  /** The top-level view that holds `el` (or the page's first one): the one URLs belong to. */
  mainView(el?: Element): View | undefined {
    let root = el?.closest('[data-live-view]') ?? document.querySelector('[data-live-view]');
    for (let up = root; up; up = up.parentElement?.closest('[data-live-view]') ?? null) root = up;
    return root ? this.byElement.get(root) : undefined;
  }

  /** Sends an event. `settle` undoes its loading state when the reply (or error) arrives. */
  pushEvent(
    view: View,
    event: string,
    payload: Record<string, unknown>,
    target?: string,
    settle?: () => void,
  ): Promise<unknown> {
    return this.request(view, settle, (ref): ClientFrame => {
      if (target !== undefined) return ['e', ref, view.id, event, payload, target];
      // An empty payload is left off: a counter click stays near 17 bytes.
      if (Object.keys(payload).length > 0) return ['e', ref, view.id, event, payload];
      return ['e', ref, view.id, event];
    });
  }

  /** Tells the view's server side the URL changed (handleParams runs). */
  pushUrl(view: View, url: string): Promise<unknown> {
    return this.request(view, undefined, (ref) => ['u', ref, view.id, url]);
  }

  /** Joins view roots that appeared and leaves views whose root left the page. */
  syncViews(): void {
    for (const view of [...this.views.values()]) if (!view.el.isConnected) this.leave(view);
    for (const el of document.querySelectorAll<HTMLElement>('[data-live-view]')) {
      if (this.byElement.has(el)) continue;
      const view = new View(++this.nextView, el, this.statics, this.options.hooks, (v, e, p, t) =>
        this.pushEvent(v, e, p, t),
      );
      this.views.set(view.id, view);
      this.byElement.set(el, view);
      if (this.connected) this.join(view);
    }
  }

  /** Replaces a top-level view root (live navigation): leaves its views, joins the new ones. */
  replaceRoot(old: View, next: HTMLElement): void {
    old.el.replaceWith(next);
    this.syncViews();
  }

  /** Applies a server frame. Exported for transports that batch frames. */
  receive(text: string): void {
    try {
      const message = JSON.parse(text) as ServerMessage;
      // One step's frames (reply, title, pushes, gotos) may come batched in one message.
      if (Array.isArray(message[0])) for (const frame of message as ServerFrame[]) this.apply(frame);
      else this.apply(message as ServerFrame);
    } catch (error) {
      // A patch that does not fit means the cached tree is out of step: start afresh.
      report(badFrame(String(error)));
      this.restart();
    }
  }

  private apply(frame: ServerFrame): void {
    switch (frame[0]) {
      case 'r':
        this.reply(frame[1], frame[2], frame[3], frame[4]);
        return;
      case 'x': {
        const [, ref, code, message, viewId] = frame;
        const pending = this.take(ref);
        pending?.settle?.();
        const view = viewId === undefined ? pending?.view : this.views.get(viewId);
        view?.setStatus('lv-error');
        const error = new KineticClientError(code, message);
        report(error);
        pending?.reject(error);
        return;
      }
      case 'd': {
        const view = this.views.get(frame[1]);
        if (!view?.joined) return;
        view.patch(frame[2], frame[3]);
        this.syncViews();
        return;
      }
      case 'p': {
        const [, viewId, event, payload] = frame;
        this.views.get(viewId)?.hooks.dispatch(event, payload);
        window.dispatchEvent(new CustomEvent(`lv:${event}`, { detail: payload }));
        return;
      }
      case 'g': {
        const [, viewId, kind, url, replace] = frame;
        this.onGoto(this.views.get(viewId), kind, url, replace === 1);
        return;
      }
      case 't':
        document.title = frame[2];
        return;
      case 'c':
        this.restart(frame[2]);
        return;
      default:
        frame satisfies never;
    }
  }

  private reply(ref: number, body: unknown, statics: unknown, value: unknown): void {
    const pending = this.take(ref);
    if (!pending) return;
    const view = pending.view;
    if (ref === this.heartbeatRef) this.heartbeatRef = 0;
    if (view && this.views.get(view.id) === view) {
      if (pending.kind === 'j') {
        view.joinedWith(body as JoinReply);
        this.attempts = 0;
      } else if (body) {
        view.patch(body as never, (statics || undefined) as never);
      }
      view.clearError();
      this.syncViews();
    }
    pending.settle?.();
    pending.resolve(value);
  }

  private take(ref: number): Pending | undefined {
    const pending = this.pending.get(ref);
    this.pending.delete(ref);
    return pending;
  }

  private request(
    view: View | undefined,
    settle: (() => void) | undefined,
    build: (ref: number) => ClientFrame,
  ): Promise<unknown> {
    const frame = build(++this.ref);
    const kind = frame[0];
    if (!this.transport || !this.connected || (view && !view.joined && kind !== 'j')) {
      settle?.();
      return Promise.reject(notConnected(kind === 'e' ? frame[3] : kind));
    }
    return new Promise((resolve, reject) => {
      this.pending.set(frame[1], { kind, view, resolve, reject, settle });
      this.transport?.send(JSON.stringify(frame));
    });
  }

  private join(view: View): void {
    const payload = { k: view.token, c: this.options.csrf, u: location.href, v: PROTOCOL_VERSION };
    // Join errors are reported by the `x` frame handler.
    this.request(view, undefined, (ref) => ['j', ref, view.id, payload]).catch(() => {});
  }

  private leave(view: View): void {
    this.views.delete(view.id);
    this.byElement.delete(view.el);
    view.hooks.destroyAll();
    if (this.connected) {
      this.request(undefined, undefined, (ref) => ['l', ref, view.id]).catch(() => {});
    }
  }

  /** Opens the transport; every known view joins once it is up. */
  open(): void {
    const transport = this.options.transport(this.options.livePath);
    this.transport = transport;
    // Frames of a transport already replaced (restart, `c`) must not reach the page.
    const current = () => this.transport === transport;
    transport.onopen = () => {
      if (!current()) return;
      this.connected = true;
      // The server's record of what this client has is per connection.
      this.statics.clear();
      this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
      for (const view of this.views.values()) this.join(view);
    };
    transport.onmessage = (text) => {
      if (current()) this.receive(text);
    };
    transport.onclose = () => {
      if (!current()) return;
      this.dropped();
      this.scheduleReconnect();
    };
    transport.open();
  }

  private beat(): void {
    // An unanswered heartbeat means a dead link that the socket has not noticed.
    if (this.heartbeatRef !== 0) {
      this.restart();
      return;
    }
    this.request(undefined, undefined, (ref) => {
      this.heartbeatRef = ref;
      return ['h', ref];
    }).catch(() => {});
  }

  private dropped(): void {
    this.transport = undefined;
    this.connected = false;
    this.heartbeatRef = 0;
    clearInterval(this.heartbeat);
    for (const view of this.views.values()) view.disconnected();
    const pending = [...this.pending.keys()];
    for (const ref of pending) {
      const request = this.take(ref);
      request?.settle?.();
      request?.reject(notConnected('request'));
    }
  }

  /** Drops the connection and reconnects: after `afterMs` for a `c` frame, else with backoff. */
  private restart(afterMs?: number): void {
    this.transport?.close();
    this.dropped();
    this.scheduleReconnect(afterMs);
  }

  /** Full jitter: a uniform delay up to an exponentially growing cap, so tabs spread out. */
  private scheduleReconnect(afterMs?: number): void {
    if (this.stopped) return;
    clearTimeout(this.retry);
    const cap = Math.min(BACKOFF_CAP_MS, BACKOFF_START_MS * 2 ** this.attempts++);
    this.retry = setTimeout(() => this.open(), afterMs ?? Math.random() * cap);
  }
}
