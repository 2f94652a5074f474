// A protocol client for tests, in Node: the three transports, resume with sid/ack,
// duplicate dropping, resending unanswered requests, and a decoded tree per view.
import {
  applyPatch,
  type Dyn,
  decodePatch,
  decodeTree,
  renderToString,
  type StaticsCache,
} from '@kinetic/diff';
import WebSocket from 'ws';

export type TransportName = 'websocket' | 'sse' | 'longpoll';
type Frame = unknown[];

export interface Page {
  readonly token: string;
  readonly csrf: string;
  readonly cookie: string;
  readonly html: string;
}

export async function loadPage(
  base: string,
  path: string,
  cookie?: string,
  headers: Record<string, string> = {},
): Promise<Page> {
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

interface Pending {
  readonly frame: Frame;
  resolve(frame: Frame): void;
}

/** One live session as a browser would hold it, over a chosen transport. */
export class LiveClient {
  sid: string | undefined;
  /** The session's resume key from the last hello. */
  key: string | undefined;
  /** Number of the last sequenced frame processed. */
  received = 0;
  /** Every sequenced frame processed, in order, once. */
  readonly frames: Frame[] = [];
  readonly hellos: Frame[] = [];
  readonly trees = new Map<number, Dyn>();
  private statics: StaticsCache = new Map();
  private expect = 0;
  private ref = 0;
  private readonly pending = new Map<number, Pending>();
  private waiters: Array<() => void> = [];
  private stop: (() => void) | undefined;
  private sendRaw: ((text: string) => void) | undefined;
  private unacked = 0;
  closedWith: [number, string] | undefined;
  /** How many answers each request ref got: exactly one each, whatever the blips. */
  readonly replies = new Map<number, number>();

  constructor(
    readonly base: string,
    readonly transport: TransportName,
    readonly cookie: string,
  ) {}

  get live(): string {
    return `${this.base}/_kinetic/live`;
  }

  /** Attaches (or re-attaches with sid and ack); resolves on the hello. */
  async connect(): Promise<Frame> {
    const hellos = this.hellos.length;
    if (this.transport === 'websocket') this.openWebSocket(this.resumeQuery(true));
    else if (this.transport === 'sse') this.openEventStream(this.resumeQuery(true));
    else this.startPolling(this.resumeQuery(false));
    await this.until(() => this.hellos.length > hellos);
    return this.hellos.at(-1) as Frame;
  }

  /** Drops the transport abruptly, as a network blip does. */
  kill(): void {
    const stop = this.stop;
    this.stop = undefined;
    this.sendRaw = undefined;
    stop?.();
  }

  async reconnect(): Promise<Frame> {
    this.kill();
    return this.connect();
  }

  request(frame: Frame): Promise<Frame> {
    const ref = ++this.ref;
    const full = [frame[0], ref, ...frame.slice(1)];
    return new Promise((resolve) => {
      this.pending.set(ref, { frame: full, resolve });
      this.sendRaw?.(JSON.stringify(full));
    });
  }

  join(page: Page, view: number, path: string): Promise<Frame> {
    return this.request(['j', view, { k: page.token, c: page.csrf, u: this.base + path, v: 1 }]);
  }

  event(view: number, event: string, payload?: object): Promise<Frame> {
    return this.request(payload ? ['e', view, event, payload] : ['e', view, event]);
  }

  /** The HTML of a view as the client holds it. */
  html(view: number): string {
    const tree = this.trees.get(view);
    return tree === undefined ? '' : renderToString(tree);
  }

  get unanswered(): number {
    return this.pending.size;
  }

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

  private receive(text: string): void {
    const message = JSON.parse(text) as Frame | Frame[];
    const frames = Array.isArray(message[0]) ? (message as Frame[]) : [message as Frame];
    for (const frame of frames) this.take(frame);
    for (const wake of this.waiters.splice(0)) wake();
  }

  private take(frame: Frame): void {
    if (frame[0] === 's') {
      this.hellos.push(frame);
      this.sid = frame[1] as string;
      this.key = frame[5] as string;
      this.expect = frame[4] as number;
      if (frame[2] === 0) {
        // A new session: nothing carries over.
        this.received = this.expect - 1;
        this.statics = new Map();
        this.trees.clear();
      } else {
        // Requests the server never saw go again; those it saw are answered in the replay.
        for (const [ref, pending] of this.pending) {
          if (ref > (frame[3] as number)) this.sendRaw?.(JSON.stringify(pending.frame));
        }
      }
      return;
    }
    const seq = this.expect++;
    if (seq <= this.received) return;
    this.received = seq;
    this.frames.push(frame);
    if (++this.unacked >= 16) {
      this.unacked = 0;
      this.sendRaw?.(JSON.stringify(['a', this.received]));
    }
    if (frame[0] === 'd') this.patch(frame[1] as number, frame[2], frame[3]);
    if (frame[0] === 'r' || frame[0] === 'x') {
      const ref = frame[1] as number;
      this.replies.set(ref, (this.replies.get(ref) ?? 0) + 1);
      const pending = this.pending.get(frame[1] as number);
      if (pending === undefined) return;
      this.pending.delete(frame[1] as number);
      if (frame[0] === 'r' && pending.frame[0] === 'j') {
        const body = frame[2] as object;
        this.trees.set(pending.frame[2] as number, decodeTree(body, this.statics));
      } else if (frame[0] === 'r' && frame[2]) {
        this.patch(pending.frame[2] as number, frame[2], frame[3]);
      }
      pending.resolve(frame);
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
    return `vsn=1&sid=${this.sid}&ack=${this.received}${withKey ? `&key=${this.key}` : ''}`;
  }

  /** A browser's headers; `withKey` for fetches, which can carry the key (sockets and EventSource cannot). */
  private headers(withKey = false): Record<string, string> {
    return {
      ...(this.cookie ? { cookie: this.cookie } : {}),
      origin: this.base,
      ...(withKey && this.key !== undefined ? { 'x-kinetic-key': this.key } : {}),
    };
  }

  private openWebSocket(query: string): void {
    const ws = new WebSocket(`${this.live.replace('http', 'ws')}/websocket?${query}`, {
      headers: this.headers(),
    });
    ws.on('message', (data) => this.receive(data.toString()));
    ws.on('close', (code, reason) => {
      this.closedWith = [code, reason.toString()];
    });
    ws.on('error', () => {});
    this.sendRaw = (text) => {
      if (ws.readyState === ws.OPEN) ws.send(text);
    };
    this.stop = () => ws.terminate();
  }

  private outgoing: string[] = [];
  private posting: Promise<void> = Promise.resolve();

  /** Frames of one tick go in one POST; POSTs go one after another, in order. */
  private post(kind: 'sse' | 'poll', text: string): void {
    if (this.outgoing.push(text) > 1) return;
    queueMicrotask(() => {
      const batch = `[${this.outgoing.splice(0).join(',')}]`;
      const sid = this.sid;
      if (sid === undefined) return;
      this.posting = this.posting.then(() =>
        fetch(`${this.live}/${kind}?vsn=1&sid=${sid}`, {
          method: 'POST',
          headers: { ...this.headers(true), 'content-type': 'text/plain;charset=UTF-8' },
          body: batch,
        }).then(
          (response) => void response.arrayBuffer(),
          () => {},
        ),
      );
    });
  }

  private openEventStream(query: string): void {
    const abort = new AbortController();
    let running = true;
    this.stop = () => {
      running = false;
      abort.abort();
    };
    this.sendRaw = (text) => this.post('sse', text);
    void (async () => {
      try {
        const response = await fetch(`${this.live}/sse?${query}`, {
          headers: this.headers(),
          signal: abort.signal,
        });
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end = buffer.indexOf('\n\n');
          while (end !== -1) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = event.split('\n').find((line) => line.startsWith('data: '));
            if (data && !event.startsWith('event:')) this.receive(data.slice(6));
            end = buffer.indexOf('\n\n');
          }
        }
      } catch {
        // Aborted by kill(), or the server dropped the stream.
      }
      if (running) {
        // The server went away under us: reattach, as the browser runtime does.
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (running) this.openEventStream(this.resumeQuery(true));
      }
    })();
  }

  private startPolling(firstQuery: string): void {
    const abort = new AbortController();
    let running = true;
    this.stop = () => {
      running = false;
      abort.abort();
    };
    this.sendRaw = (text) => this.post('poll', text);
    void (async () => {
      let query = `${firstQuery}&hello=1`;
      while (running) {
        try {
          const response = await fetch(`${this.live}/poll?${query}`, {
            headers: this.headers(true),
            signal: abort.signal,
          });
          const messages = (await response.json()) as unknown[];
          if (!running) return;
          for (const message of messages) this.receive(JSON.stringify(message));
          query = this.resumeQuery(false);
        } catch {
          // The server dropped the connection under us: poll again, asking for the hello.
          if (!running) return;
          await new Promise((resolve) => setTimeout(resolve, 5));
          query = `${this.resumeQuery(false)}&hello=1`;
        }
      }
    })();
  }
}
