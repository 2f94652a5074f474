/**
 * A small server that speaks the live protocol with the real diff engine and no
 * @kinetic/core: views are plain state machines rendered with `html`. It serves the built
 * browser runtime, so the client can be tested on its own.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { diff, encodePatch, encodeTree, type RenderedNode, renderToString } from '@kinetic/diff';
import type { ClientFrame, EventFrame, ServerFrame } from '@kinetic/protocol';
import { type WebSocket, WebSocketServer } from 'ws';

const RUNTIME_PATH = new URL('../../packages/client/dist/kinetic.min.js', import.meta.url);
if (!existsSync(RUNTIME_PATH)) {
  throw new Error(
    `${RUNTIME_PATH.pathname} is missing: build the client first (pnpm --filter @kinetic/client build).`,
  );
}
const RUNTIME = readFileSync(RUNTIME_PATH, 'utf8');
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------
// The test server: views are plain state machines rendered with `html`.

export type Payload = Record<string, unknown>;
export interface Outcome<S> {
  state?: S;
  reply?: unknown;
  fail?: string;
}
export interface TestView<S> {
  head?: string;
  mount(token: string): S;
  render(state: S): RenderedNode;
  /** How long the server "works" on an event before handling it. */
  delayMs?(event: string): number;
  handleEvent?(event: string, payload: Payload, state: S, target?: string): Outcome<S>;
  handleParams?(url: URL, state: S): S;
}
export const view = <S>(definition: TestView<S>) => definition as unknown as TestView<unknown>;

/** One joined view on one connection. */
export class Session {
  constructor(
    readonly conn: Connection,
    readonly id: number,
    readonly token: string,
    readonly definition: TestView<unknown>,
    public tree: RenderedNode,
  ) {}

  get state(): unknown {
    return this.conn.server.states.get(this.token);
  }

  /** Moves to a new state and returns the wire patch for it (undefined when nothing changed). */
  rerender(state: unknown): { p: unknown; s?: unknown } | undefined {
    this.conn.server.states.set(this.token, state);
    const next = this.definition.render(state);
    const patch = diff(this.tree, next);
    this.tree = next;
    return patch === null ? undefined : encodePatch(patch, this.conn.sent);
  }

  /** A server-side update (a timer, pubsub): sends a `d` frame. */
  push<S>(update: (state: S) => S): void {
    const out = this.rerender(update(this.state as S));
    if (out) this.conn.send(['d', this.id, out.p, ...(out.s ? [out.s] : [])] as never);
  }
}

let sessionIds = 0;

/**
 * One WebSocket, and one session: this server never resumes, so every connection's hello
 * starts a new session and the client joins its views again.
 */
export class Connection {
  readonly frames: ClientFrame[] = [];
  readonly raw: string[] = [];
  readonly out: ServerFrame[] = [];
  readonly sent = new Set<string>();
  readonly sessions = new Map<number, Session>();
  readonly sid = `session-${++sessionIds}`;
  /** The query the client connected with; a reconnect carries `sid` and `ack`. */
  readonly query: URLSearchParams;
  private queue = Promise.resolve();

  constructor(
    readonly ws: WebSocket,
    readonly server: TestServer,
    url: string,
  ) {
    this.query = new URL(url, 'http://localhost').searchParams;
    ws.send(JSON.stringify(['s', this.sid, 0, 0, 1]));
    ws.on('message', (data) => {
      const text = String(data);
      const frame = JSON.parse(text) as ClientFrame;
      this.raw.push(text);
      this.frames.push(frame);
      // One request at a time, as a real session does: replies keep the order of requests.
      this.queue = this.queue.then(() => this.handle(frame));
    });
  }

  send(frame: ServerFrame): void {
    this.out.push(frame);
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(frame));
  }

  events(name?: string) {
    return this.frames.filter(
      (f): f is EventFrame => f[0] === 'e' && (name === undefined || f[3] === name),
    );
  }

  /** The session of the view named `name` (the page's root view by default). */
  session(name?: string): Session {
    for (const session of this.sessions.values()) {
      if (name === undefined || session.token.startsWith(`${name}:`)) return session;
    }
    throw new Error(`no session ${name ?? ''}`);
  }

  private async handle(frame: ClientFrame): Promise<void> {
    switch (frame[0]) {
      case 'j': {
        const [, ref, id, { k: token }] = frame;
        const definition = this.server.views[token.split(':')[0] ?? ''];
        if (!definition) return this.send(['x', ref, 'KN_ERR_TEST_NO_VIEW', token, id]);
        let state = this.server.states.get(token) ?? definition.mount(token);
        const url = new URL(frame[3].u);
        if (definition.handleParams) state = definition.handleParams(url, state);
        this.server.states.set(token, state);
        const tree = definition.render(state);
        this.sessions.set(id, new Session(this, id, token, definition, tree));
        const { t, s } = encodeTree(tree, this.sent);
        return this.send(['r', ref, s ? { t, s } : { t }]);
      }
      case 'e':
      case 'u': {
        const ref = frame[1];
        const session = this.sessions.get(frame[2]);
        if (!session) return this.send(['x', ref, 'KN_ERR_TEST_NO_SESSION', 'not joined']);
        const { definition } = session;
        if (frame[0] === 'e') await sleep(definition.delayMs?.(frame[3]) ?? 0);
        const outcome: Outcome<unknown> =
          frame[0] === 'u'
            ? { state: definition.handleParams?.(new URL(frame[3]), session.state) }
            : (definition.handleEvent?.(frame[3], frame[4] ?? {}, session.state, frame[5]) ?? {});
        if (outcome.fail)
          return this.send(['x', ref, 'KN_ERR_TEST_FAILED', outcome.fail, session.id]);
        const out = this.rerender(session, outcome.state);
        if (outcome.reply !== undefined) {
          return this.send([
            'r',
            ref,
            (out?.p ?? 0) as never,
            (out?.s ?? 0) as never,
            outcome.reply,
          ]);
        }
        if (out?.s) return this.send(['r', ref, out.p as never, out.s as never]);
        return this.send(out ? ['r', ref, out.p as never] : ['r', ref]);
      }
      case 'l':
        this.sessions.delete(frame[2]);
        return this.send(['r', frame[1]]);
      case 'h':
        return this.send(['r', frame[1]]);
    }
  }

  private rerender(session: Session, state: unknown) {
    return state === undefined ? undefined : session.rerender(state);
  }
}

export class TestServer {
  readonly states = new Map<string, unknown>();
  readonly connections: Connection[] = [];
  readonly navigateRequests: string[] = [];
  /** While true, new WebSockets are closed at once (a server that is down). */
  refuse = false;
  private tokens = 0;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  base = '';

  constructor(readonly views: Record<string, TestView<unknown>>) {
    this.http = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/kinetic.min.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        return res.end(RUNTIME);
      }
      if (url.pathname === '/favicon.ico') return res.writeHead(204).end();
      if (req.headers['x-kinetic-navigate'] === '1') this.navigateRequests.push(url.pathname);
      const name = url.pathname.slice(1);
      const definition = this.views[name];
      if (!definition) {
        res.writeHead(404);
        return res.end('not found');
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(this.page(name, definition, url));
    });
    this.wss = new WebSocketServer({
      server: this.http,
      path: '/_kinetic/live/websocket',
      verifyClient: () => !this.refuse,
    });
    this.wss.on('connection', (ws, request) => {
      this.connections.push(new Connection(ws, this, request.url ?? '/'));
    });
  }

  /** A fresh token per page load: each page gets its own state, a reconnect resumes it. */
  token(name: string): string {
    return `${name}:${++this.tokens}`;
  }

  page(name: string, definition: TestView<unknown>, url: URL): string {
    const token = this.token(name);
    let state = definition.mount(token);
    if (definition.handleParams) state = definition.handleParams(url, state);
    this.states.set(token, state);
    const body = renderToString(definition.render(state));
    return `<!doctype html><html><head><meta charset="utf-8">
<meta name="kinetic-csrf" content="csrf-e2e"><title>${name}</title>${definition.head ?? ''}</head>
<body><div id="root-${name}" data-live-view="${name}" data-lv-token="${token}">${body}</div>
<script src="/kinetic.min.js"></script></body></html>`;
  }

  last(): Connection {
    const conn = this.connections.at(-1);
    if (!conn) throw new Error('no connection yet');
    return conn;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    await new Promise((resolve) => this.http.close(resolve));
  }
}
