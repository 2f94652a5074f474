import type { StaticsCache } from '@kinetic/diff';
import {
  type ClientFrame,
  type JoinReply,
  PROTOCOL_VERSION,
  type ServerFrame,
} from '@kinetic/protocol';
import { badFrame, KineticClientError, notConnected, report } from './errors.js';
import type { Hook } from './hooks.js';
import { type Journal, parseJs, runJs, undo } from './js.js';
import { loadPage } from './location.js';
import { recoverForms, type SavedForm, saveForms } from './recovery.js';
import { SessionLink } from './session-link.js';
import { reloadStalePage } from './stale-page.js';
import type { TransportName } from './transport.js';
import { View } from './view.js';

/** How the page asked to be connected; see `connect()`. */
export interface ConnectionOptions {
  hooks: Record<string, Hook> | undefined;
  /** Forces a transport; undefined tries WebSocket, then SSE, then long-poll. */
  transport: TransportName | undefined;
  livePath: string;
  csrf: string;
}

interface Pending {
  kind: ClientFrame[0];
  view: View | undefined;
  /** The frame as sent, to send again after a resume if the server did not get it. */
  text: string;
  /** A join's forms to recover once it is answered. */
  forms?: SavedForm[] | undefined;
  resolve(reply: unknown): void;
  reject(error: Error): void;
  /** Undoes loading state; runs after the reply's patch is on the page. */
  settle: (() => void) | undefined;
  /** What the event's optimistic commands changed, reconciled with the reply. */
  journal?: Journal | undefined;
}

/** What a `g` frame asks: redirect, patch or navigate to `url`. */
export type GotoHandler = (
  view: View | undefined,
  kind: 'r' | 'p' | 'n',
  url: string,
  replace: boolean,
) => void;

const HEARTBEAT_MS = 30_000;

/**
 * One live session (one tab): multiplexes every view on the page, numbers requests, matches
 * replies, keeps the heartbeat. Across reconnects it resumes (sending again what the server
 * missed) or, for a new session, joins every view again and recovers their forms.
 */
export class PageSocket {
  /** Statics the server sent in this session, shared by all its views. */
  private readonly statics: StaticsCache = new Map();
  private readonly views = new Map<number, View>();
  private readonly byElement = new WeakMap<Element, View>();
  private readonly pending = new Map<number, Pending>();
  private readonly link: SessionLink;
  /** Views that left while disconnected: the session still has them until told. */
  private left: number[] = [];
  /** Requests are numbered per session, so a resume can tell what the server got. */
  private ref = 0;
  private nextView = 0;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private heartbeatRef = 0;
  /** True while frames can be sent. */
  connected = false;
  /** Moves the browser for a `g` frame; navigation installs the live version. */
  onGoto: GotoHandler = (_view, _kind, url) => loadPage(url);
  /** Follows a navigate / patch JS command from `el`; navigation installs the live version. */
  go = (_el: Element, _patch: boolean, url: string, _replace: boolean): void => loadPage(url);

  constructor(readonly options: ConnectionOptions) {
    this.link = new SessionLink(options.livePath, options.transport, {
      hello: (resumed, lastRef, first) => this.hello(resumed, lastRef, first),
      frame: (frame) => this.receive(frame),
      down: () => this.dropped(),
    });
  }

  /** The transport in use (or being tried). */
  get transport(): TransportName | undefined {
    return this.link.name;
  }

  /** Connects; every known view joins once the server said hello. */
  open(): void {
    this.link.open();
  }

  /** Reconnects now if waiting to: the page became visible, the network came back. */
  wake(): void {
    this.link.wake();
  }

  /** Closes for good: no reconnect. */
  disconnect(): void {
    this.link.stop();
    this.dropped();
    this.failPending();
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

  /**
   * Sends an event. `settle` undoes its loading state when the reply (or error) arrives;
   * `journal` holds what its optimistic commands changed (the view holds server patches
   * until the reply).
   */
  pushEvent(
    view: View,
    event: string,
    payload: Record<string, unknown>,
    target?: string,
    settle?: () => void,
    journal?: Journal,
  ): Promise<unknown> {
    return this.request(
      view,
      settle,
      (ref): ClientFrame => {
        if (target !== undefined) return ['e', ref, view.id, event, payload, target];
        // An empty payload is left off: a counter click stays near 17 bytes.
        if (Object.keys(payload).length > 0) return ['e', ref, view.id, event, payload];
        return ['e', ref, view.id, event];
      },
      undefined,
      journal,
    );
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

  /** The server said hello on a new transport (or, for long-poll, on each poll). */
  private hello(resumed: boolean, lastRef: number, first: boolean): void {
    if (resumed) {
      if (!first) return;
      this.up();
      // In ref order, before anything new: what the server never got goes first.
      for (const [ref, request] of this.pending) if (ref > lastRef) this.link.send(request.text);
      for (const id of this.left) {
        this.request(undefined, undefined, (ref) => ['l', ref, id]).catch(() => {});
      }
      this.left = [];
      // Views that appeared while disconnected join now; those with a join in flight wait.
      const joining = [...this.pending.values()].filter((r) => r.kind === 'j').map((r) => r.view);
      for (const view of this.views.values()) {
        if (!view.resumed() && !joining.includes(view)) this.join(view);
      }
      return;
    }
    // A new session: the server knows none of the views, nor what they were waiting for.
    this.failPending();
    this.left = [];
    this.ref = 0;
    this.statics.clear();
    this.up();
    for (const view of this.views.values()) this.join(view);
  }

  private receive(frame: ServerFrame): void {
    try {
      this.apply(frame);
    } catch (error) {
      // A patch that does not fit means the cached tree is out of step: start afresh.
      report(badFrame(String(error)));
      this.link.restart(undefined, true);
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
        // The handler failed: what its optimistic commands changed is rolled back.
        if (pending?.journal) pending.view?.settle(pending.journal);
        pending?.settle?.();
        if (pending?.kind === 'j' && reloadStalePage(code)) return;
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
        const view = this.views.get(viewId);
        if (event === 'lv:exec') {
          // socket.exec: commands after the step's patch, from the view's root.
          if (view) runJs(view.el, parseJs(payload), this.runFor(view));
          return;
        }
        view?.hooks.dispatch(event, payload);
        window.dispatchEvent(new CustomEvent(`lv:${event}`, { detail: payload }));
        return;
      }
      case 'g': {
        const [, viewId, kind, url, replace] = frame;
        this.onGoto(this.views.get(viewId), kind, url, replace === 1);
        return;
      }
      case 't': {
        // A nested view's title is its own business: the page's is the outermost view's.
        const view = this.views.get(frame[1]);
        if (view !== undefined && !view.nested) document.title = frame[2];
        return;
      }
      case 'c':
        // The session ends with this server; the next one answers with a new session.
        this.link.restart(frame[2]);
        return;
      case 's':
        // The session link reads hellos.
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
        if (pending.forms) {
          recoverForms(view.el, pending.forms, (form, event, payload) => {
            const target = form.getAttribute('lv-target') ?? undefined;
            this.pushEvent(view, event, payload, target).catch(() => {});
          });
        }
      } else if (pending.journal) {
        view.settle(pending.journal, body as never, (statics || undefined) as never);
      } else if (body) {
        view.patch(body as never, (statics || undefined) as never, true);
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

  /** How commands the server sent run: pushes go to `view`, navigation as for links. */
  runFor(view: View) {
    return {
      push: (_el: Element, args: Record<string, unknown>) => {
        const value = (args.value ?? {}) as Record<string, unknown>;
        this.pushEvent(view, String(args.event), value, args.target as string | undefined).catch(
          () => {},
        );
      },
      go: this.go,
    };
  }

  private request(
    view: View | undefined,
    settle: (() => void) | undefined,
    build: (ref: number) => ClientFrame,
    forms?: SavedForm[],
    journal?: Journal,
  ): Promise<unknown> {
    const frame = build(++this.ref);
    const kind = frame[0];
    if (!this.connected || (view && !view.joined && kind !== 'j')) {
      if (journal) undo(journal);
      settle?.();
      return Promise.reject(notConnected(kind === 'e' ? frame[3] : kind));
    }
    if (journal) view?.hold();
    const text = JSON.stringify(frame);
    return new Promise((resolve, reject) => {
      this.pending.set(frame[1], { kind, view, text, forms, resolve, reject, settle, journal });
      this.link.send(text);
    });
  }

  private join(view: View): void {
    const payload = { k: view.token, c: this.options.csrf, u: location.href, v: PROTOCOL_VERSION };
    // Saved now, before the server's render replaces what the page shows.
    const forms = saveForms(view.el, !view.mounted);
    // Join errors are reported by the `x` frame handler.
    this.request(view, undefined, (ref) => ['j', ref, view.id, payload], forms).catch(() => {});
  }

  private leave(view: View): void {
    this.views.delete(view.id);
    this.byElement.delete(view.el);
    view.hooks.destroyAll();
    if (this.connected) {
      this.request(undefined, undefined, (ref) => ['l', ref, view.id]).catch(() => {});
    } else {
      this.left.push(view.id);
    }
  }

  private up(): void {
    this.connected = true;
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
  }

  private beat(): void {
    // An unanswered heartbeat means a dead link that the transport has not noticed.
    if (this.heartbeatRef !== 0) {
      this.link.restart();
      return;
    }
    this.request(undefined, undefined, (ref) => {
      this.heartbeatRef = ref;
      return ['h', ref];
    }).catch(() => {});
  }

  /** The transport is gone. Requests stay pending: a resume answers or sends them again. */
  private dropped(): void {
    this.connected = false;
    this.heartbeatRef = 0;
    clearInterval(this.heartbeat);
    for (const view of this.views.values()) view.disconnected();
  }

  private failPending(): void {
    for (const [ref, request] of this.pending) {
      this.pending.delete(ref);
      if (request.journal) request.view?.settle(request.journal);
      request.settle?.();
      request.reject(notConnected(request.kind));
    }
  }
}
