/**
 * The protocol side of a browser tab, in Node, over any of the three transports: the
 * hello, request refs and replies, sequence numbers and acks, resume with sid, ack and key
 * (dropping replayed frames it already has, sending again what the server never saw), and
 * a decoded tree per view. `live()` drives apps with it; the transport's tests, the fuzz
 * run's honest user and the benchmarks speak the protocol through it too.
 */
import {
  applyPatch,
  type Dyn,
  decodePatch,
  decodeTree,
  renderToString,
  type StaticsCache,
} from '@kinetic/diff';
import type { ClientFrame, HelloFrame, TransportName } from '@kinetic/protocol';
import type WebSocket from 'ws';
import { type Link, openLink } from './links.js';

/** A frame as it travels: a JSON array whose first element names it. */
export type Frame = unknown[];

/** A frame without its ref: `['e', view, event]`; request() numbers it. */
export type Request = Frame;

/** Options of a LiveClient. */
export interface LiveClientOptions {
  /** The live endpoint's path (`<meta name="kinetic-live-path">`); `/_kinetic/live` by default. */
  readonly livePath?: string;
  /** More headers for every request and socket (authorization, x-forwarded-for, ...). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Every server frame the session processes, once and in order (replays dropped, the hello
   * left out), with the request it answers for `r` and `x` frames. Called synchronously, so a
   * reply's patch is applied before the frame that follows it.
   */
  readonly onFrame?: (frame: Frame, request: Frame | undefined) => void;
  /** The server closed the WebSocket, or refused an attachment (HTTP status or close code). */
  readonly onClose?: (code: number, reason: string) => void;
  /** Taps on the raw traffic, e.g. to count bytes: each server message, each client one. */
  readonly onMessage?: (text: string) => void;
  readonly onSend?: (text: string) => void;
}

interface Pending {
  readonly frame: Frame;
  resolve(frame: Frame): void;
  reject(error: Error): void;
}

/** One live session as a browser holds it, over a chosen transport. */
export class LiveClient {
  sid: string | undefined;
  /** The session's resume key, from the last hello. */
  key: string | undefined;
  /** Number of the last sequenced frame processed. */
  received = 0;
  /** Every sequenced frame processed, in order, once. */
  readonly frames: Frame[] = [];
  readonly hellos: HelloFrame[] = [];
  /** Each joined view's tree, as the client holds it. */
  readonly trees = new Map<number, Dyn>();
  /** How many answers each request ref got: exactly one each, whatever the blips. */
  readonly replies = new Map<number, number>();
  /** The last close code and reason (or refusal) the server gave. */
  closedWith: [number, string] | undefined;
  /** The cookie header sent with every request; a page load may update it. */
  cookie: string;
  private statics: StaticsCache = new Map();
  private expect = 0;
  private ref = 0;
  private readonly pending = new Map<number, Pending>();
  private waiters: Array<() => void> = [];
  private link: Link | undefined;
  private unacked = 0;
  private ackTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly base: string,
    readonly transport: TransportName,
    cookie: string,
    private readonly options: LiveClientOptions = {},
  ) {
    this.cookie = cookie;
  }

  /** `http://host:port/_kinetic/live`. */
  get live(): string {
    return `${this.base}${this.options.livePath ?? '/_kinetic/live'}`;
  }

  /** Attaches (or re-attaches with sid, ack and key); resolves with the hello. */
  async connect(): Promise<HelloFrame> {
    const hellos = this.hellos.length;
    this.link = openLink(
      this.transport,
      {
        live: this.live,
        query: (withKey) => this.resumeQuery(withKey),
        headers: (withKey) => this.headers(withKey),
        sid: () => this.sid,
      },
      {
        message: (text) => {
          this.options.onMessage?.(text);
          this.receive(text);
        },
        closed: (code, reason) => {
          this.closedWith = [code, reason];
          this.options.onClose?.(code, reason);
          this.wake();
        },
      },
    );
    await this.until(() => this.hellos.length > hellos);
    return this.hellos.at(-1) as HelloFrame;
  }

  /** The attachment's WebSocket, over that transport. */
  get webSocket(): WebSocket | undefined {
    return this.link?.webSocket;
  }

  /** Drops the transport abruptly, as a network blip does. */
  kill(): void {
    clearTimeout(this.ackTimer);
    const link = this.link;
    this.link = undefined;
    link?.stop();
  }

  private ack(): void {
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    this.unacked = 0;
    this.transmit(['a', this.received]);
  }

  /** A blip and the reconnect after it; resolves with the new hello (`resumed` is [2]). */
  async reconnect(): Promise<HelloFrame> {
    this.kill();
    return this.connect();
  }

  /** Closes as a tab does (a WebSocket close, or the stream ended); requests left are refused. */
  async close(): Promise<void> {
    clearTimeout(this.ackTimer);
    const link = this.link;
    this.link = undefined;
    await link?.close();
    this.abandon(new Error('the live client was closed'));
  }

  /** Rejects every request still waiting for an answer. */
  abandon(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  /**
   * Sends `frame` with the next ref (`['e', view, event]` goes as `['e', ref, view, event]`);
   * resolves with its answer, an `r` or an `x` frame. Sent again on resume if the server
   * never saw it.
   */
  request(frame: Request): Promise<Frame> {
    const ref = ++this.ref;
    const full = [frame[0], ref, ...frame.slice(1)];
    return new Promise((resolve, reject) => {
      this.pending.set(ref, { frame: full, resolve, reject });
      this.transmit(full);
    });
  }

  /** Joins `view` with the page's token and CSRF token; `path` is the page URL's path. */
  join(page: LivePage, view: number, path: string): Promise<Frame> {
    return this.request(['j', view, { k: page.token, c: page.csrf, u: this.base + path, v: 1 }]);
  }

  /** An event, with its payload when there is one (a plain lv-click has none). */
  event(view: number, event: string, payload?: object, target?: string): Promise<Frame> {
    if (target !== undefined) return this.request(['e', view, event, payload ?? {}, target]);
    return this.request(payload ? ['e', view, event, payload] : ['e', view, event]);
  }

  /** Sends a frame that is not a request (an ack), as is. */
  send(frame: ClientFrame): void {
    this.transmit(frame as unknown as Frame);
  }

  private transmit(frame: Frame): void {
    if (this.link === undefined) return;
    const text = JSON.stringify(frame);
    this.options.onSend?.(text);
    this.link.send(text);
  }

  /** The HTML of a view as the client holds it. */
  html(view: number): string {
    const tree = this.trees.get(view);
    return tree === undefined ? '' : renderToString(tree);
  }

  get unanswered(): number {
    return this.pending.size;
  }

  /** Waits until `predicate` holds, re-checking after every server message. */
  async until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) {
        throw new Error(
          `timed out waiting for the server (${this.transport}, sid ${this.sid}, received ${this.received}, unanswered ${this.pending.size})`,
        );
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as Frame | Frame[];
    // A step's frames may arrive batched in one message.
    const frames = Array.isArray(message[0]) ? (message as Frame[]) : [message as Frame];
    for (const frame of frames) this.take(frame);
    this.wake();
  }

  private take(frame: Frame): void {
    if (frame[0] === 's') {
      this.hello(frame as unknown as HelloFrame);
      return;
    }
    const seq = this.expect++;
    // A replayed frame this client already processed.
    if (seq <= this.received) return;
    this.received = seq;
    this.frames.push(frame);
    // Acknowledging lets the server forget what it keeps for a resume, as the browser does:
    // after 16 frames, or 500 ms after the first unacknowledged one (long-poll acknowledges
    // with its next poll instead).
    if (++this.unacked >= 16) this.ack();
    else if (this.unacked === 1 && this.transport !== 'longpoll') {
      this.ackTimer = setTimeout(() => this.ack(), 500);
      this.ackTimer.unref?.();
    }
    if (frame[0] === 'd') this.patch(frame[1] as number, frame[2], frame[3]);
    const answers = frame[0] === 'r' || (frame[0] === 'x' && frame[1] !== 0);
    const ref = frame[1] as number;
    const pending = answers ? this.pending.get(ref) : undefined;
    if (answers) {
      this.replies.set(ref, (this.replies.get(ref) ?? 0) + 1);
      this.pending.delete(ref);
    }
    if (pending !== undefined && frame[0] === 'r') {
      if (pending.frame[0] === 'j') {
        this.trees.set(pending.frame[2] as number, decodeTree(frame[2] as object, this.statics));
      } else if (frame[2]) {
        this.patch(pending.frame[2] as number, frame[2], frame[3]);
      }
    }
    this.options.onFrame?.(frame, pending?.frame);
    pending?.resolve(frame);
  }

  private hello(frame: HelloFrame): void {
    const [, sid, resumed, lastRef, nextSeq, key] = frame;
    this.hellos.push(frame);
    this.sid = sid;
    this.key = key;
    this.expect = nextSeq;
    if (resumed === 0) {
      // A new session: nothing carries over.
      this.received = this.expect - 1;
      this.statics = new Map();
      this.trees.clear();
      return;
    }
    // Requests the server never saw go again; those it saw are answered in the replay.
    for (const [ref, pending] of this.pending) {
      if (ref > lastRef) this.transmit(pending.frame);
    }
  }

  private patch(view: number, patch: unknown, statics: unknown): void {
    const tree = this.trees.get(view);
    if (tree === undefined) return;
    const decoded = decodePatch(statics ? { s: statics, p: patch } : { p: patch }, this.statics);
    this.trees.set(view, applyPatch(tree, decoded));
  }

  /** As the browser runtime does: the key in the URL only where no header can carry it. */
  private resumeQuery(withKey: boolean): string {
    if (this.sid === undefined) return 'vsn=1';
    const key = withKey && this.key !== undefined ? `&key=${encodeURIComponent(this.key)}` : '';
    return `vsn=1&sid=${encodeURIComponent(this.sid)}&ack=${this.received}${key}`;
  }

  /** A browser's headers; `withKey` for fetches, which can carry the key. */
  private headers(withKey: boolean): Record<string, string> {
    return {
      origin: this.base,
      ...this.options.headers,
      ...(this.cookie ? { cookie: this.cookie } : {}),
      ...(withKey && this.key !== undefined ? { 'x-kinetic-key': this.key } : {}),
    };
  }
}

/** What a client reads from a live page to join it. */
export interface LivePage {
  readonly token: string;
  readonly csrf: string;
  /** The CSRF cookie (`name=value`), or the one passed in. */
  readonly cookie: string;
  readonly html: string;
}

/** GETs a live page as a browser does and reads its view token, CSRF meta and cookie. */
export async function loadPage(
  base: string,
  path: string,
  cookie?: string,
  headers: Record<string, string> = {},
): Promise<LivePage> {
  const response = await fetch(base + path, {
    headers: { ...headers, ...(cookie ? { cookie } : {}) },
  });
  const html = await response.text();
  const token = /data-lv-token="([^"]+)"/.exec(html)?.[1];
  const csrf = /name="kinetic-csrf" content="([^"]+)"/.exec(html)?.[1];
  const jar = response.headers.get('set-cookie')?.split(';')[0] ?? cookie;
  if (!token || !csrf || !jar) throw new Error(`page ${path} lacks its token, CSRF meta or cookie`);
  return { token, csrf, cookie: jar, html };
}
