import { readFileSync } from 'node:fs';
import {
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { DEV_PREFIX, type DevError } from '../shared/dev-protocol.js';
import type { DevChannel } from './dev-channel.js';
import { serveDocs } from './docs.js';
import type { OpenResult } from './editor.js';
import { errorPage } from './error-page.js';

/** The dev client's modules (compiled from src/client), served under DEV_PREFIX. */
const CLIENT_DIR = new URL('../client/', import.meta.url);
const CLIENT_MODULE = /^[\w-]+\.js$/;
const CLIENT_TAG = Buffer.from(`<script type="module" src="${DEV_PREFIX}/dev-client.js"></script>`);
/** The opening <head> tag (not <header>): the dev client goes first in it. */
const HEAD_START = /<head(?:\s[^>]*)?>/i;
const WAIT_MS = 20_000;

type Upstream =
  | { readonly state: 'up'; readonly port: number }
  | { readonly state: 'waiting' | 'down' };

/**
 * The address the browser talks to in `kinetic dev`. It forwards HTTP and WebSocket traffic
 * to the app process of the moment, holds requests while a new one starts (so a restart
 * shows no refused connection), adds the dev client to HTML pages, and serves the dev
 * client and its event stream itself.
 */
export class DevProxy {
  private readonly server: Server;
  private upstream: Upstream = { state: 'waiting' };
  private waiters: Array<() => void> = [];
  /** Both ends of every forwarded WebSocket, to pause and cut them on restart. */
  private readonly tunnels = new Set<{ browser: Duplex; app: Socket }>();

  constructor(
    private readonly channel: DevChannel,
    /** Opens a file of the app in the user's editor, for the overlay's file links. */
    private readonly openFile: (request: unknown) => OpenResult = () => ({
      ok: false,
      status: 404,
      message: 'no editor here',
    }),
  ) {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      void this.tunnel(req, socket, head);
    });
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
  }

  /** New requests wait, and live connections stop delivering the browser's frames. */
  hold(): void {
    this.upstream = { state: 'waiting' };
    for (const { browser } of this.tunnels) browser.pause();
  }

  /** Cuts every live connection: the browsers reconnect, and wait for the next app. */
  dropConnections(): void {
    for (const { browser, app } of this.tunnels) {
      browser.destroy();
      app.destroy();
    }
    this.tunnels.clear();
  }

  /** Traffic goes to the app on `port` from now on. */
  resume(port: number): void {
    this.upstream = { state: 'up', port };
    this.wake();
  }

  /** No app runs (it failed to build or start): pages get the error page until resume(). */
  down(): void {
    this.upstream = { state: 'down' };
    this.wake();
  }

  close(): Promise<void> {
    this.dropConnections();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** The app's port once one runs, or undefined when none does (or it takes too long). */
  private async appPort(): Promise<number | undefined> {
    const deadline = Date.now() + WAIT_MS;
    while (this.upstream.state === 'waiting' && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.upstream.state === 'up' ? this.upstream.port : undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === `${DEV_PREFIX}/events`) {
      this.channel.open(res);
      return;
    }
    if (path === `${DEV_PREFIX}/open` && req.method === 'POST') {
      await this.open(req, res);
      return;
    }
    if (path?.startsWith(`${DEV_PREFIX}/`)) {
      this.serveClient(path.slice(DEV_PREFIX.length + 1), res);
      return;
    }
    if (path !== undefined && serveDocs(path, res)) return;
    const port = await this.appPort();
    if (port === undefined) {
      this.fail(
        req,
        res,
        this.channel.error ?? { phase: 'startup', message: 'The app is not running.' },
      );
      return;
    }
    // Uncompressed from the app: the dev client goes into its HTML, and on the loopback
    // compression only costs time.
    const { 'accept-encoding': _encoding, ...headers } = req.headers;
    const upstream = request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers },
      (reply) => this.answer(req, res, reply),
    );
    upstream.on('error', (error) => {
      this.fail(req, res, {
        phase: 'startup',
        message: `The app did not answer: ${error.message}`,
      });
    });
    req.pipe(upstream);
  }

  /** Passes the app's answer on; HTML gets the dev client, a failed page render the overlay. */
  private answer(req: IncomingMessage, res: ServerResponse, reply: IncomingMessage): void {
    const type = String(reply.headers['content-type'] ?? '');
    const status = reply.statusCode ?? 502;
    const wantsHtml = (req.headers.accept ?? '').includes('text/html');
    // A live page that failed to render says so (x-kinetic-error): the overlay, with the
    // view's file and line, replaces the app's own generic error page.
    const failedPage = reply.headers['x-kinetic-error'] !== undefined;
    if (wantsHtml && status >= 500 && (failedPage || !type.includes('text/html'))) {
      const chunks: Buffer[] = [];
      reply.on('data', (chunk: Buffer) => chunks.push(chunk));
      reply.on('end', () => {
        this.fail(req, res, this.channel.error ?? pageError(Buffer.concat(chunks).toString()));
      });
      return;
    }
    if (!type.includes('text/html') || reply.headers['content-encoding'] !== undefined) {
      res.writeHead(status, reply.headers);
      reply.pipe(res);
      return;
    }
    const headers = { ...reply.headers };
    delete headers['content-length'];
    res.writeHead(status, headers);
    // The tag goes first in <head>, so the dev client runs before the page's own scripts
    // (it must see the page as served, and hand views their tokens before they join). Until
    // the tag is seen, the page is held back (a few dozen bytes).
    let pending: Buffer | undefined = Buffer.alloc(0);
    reply.on('data', (chunk: Buffer) => {
      if (pending === undefined) {
        res.write(chunk);
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      // latin1: one character per byte, so the match's index is a byte offset.
      const match = HEAD_START.exec(pending.toString('latin1'));
      if (match === null) return;
      const at = match.index + match[0].length;
      res.write(Buffer.concat([pending.subarray(0, at), CLIENT_TAG, pending.subarray(at)]));
      pending = undefined;
    });
    // No <head>: a fragment, not a page; it passes unchanged.
    reply.on('end', () => res.end(pending));
  }

  private serveClient(name: string, res: ServerResponse): void {
    let body: Buffer | undefined;
    try {
      body = CLIENT_MODULE.test(name) ? readFileSync(new URL(name, CLIENT_DIR)) : undefined;
    } catch {
      body = undefined;
    }
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(body);
  }

  /**
   * The overlay's "open in editor". Only the dev server's own pages may ask: same Origin,
   * and a JSON body, which another site cannot send without a preflight this server refuses.
   */
  private async open(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sameOrigin = req.headers.origin === `http://${req.headers.host}`;
    const json = String(req.headers['content-type'] ?? '').startsWith('application/json');
    if (!sameOrigin || !json) {
      res.writeHead(403).end();
      return;
    }
    let body = '';
    for await (const chunk of req) {
      body += chunk;
      if (body.length > 4096) {
        res.writeHead(413).end();
        return;
      }
    }
    let request: unknown;
    try {
      request = JSON.parse(body);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const result = this.openFile(request);
    if (result.ok) res.writeHead(204).end();
    else res.writeHead(result.status, { 'content-type': 'text/plain' }).end(result.message);
  }

  private fail(req: IncomingMessage, res: ServerResponse, error: DevError): void {
    if (res.headersSent) {
      res.end();
      return;
    }
    if ((req.headers.accept ?? '').includes('text/html')) {
      res.writeHead(500, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(errorPage(error));
      return;
    }
    res.writeHead(503, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ message: error.message }));
  }

  /** Forwards a WebSocket upgrade: the bytes flow both ways untouched. */
  private async tunnel(req: IncomingMessage, browser: Duplex, head: Buffer): Promise<void> {
    const port = await this.appPort();
    if (port === undefined || browser.destroyed) {
      browser.destroy();
      return;
    }
    const app = connect(port, '127.0.0.1');
    const pair = { browser, app };
    this.tunnels.add(pair);
    const end = () => {
      this.tunnels.delete(pair);
      browser.destroy();
      app.destroy();
    };
    app.on('error', end);
    browser.on('error', end);
    app.on('close', end);
    browser.on('close', end);
    app.on('connect', () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      }
      app.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) app.write(head);
      browser.pipe(app);
      app.pipe(browser);
    });
  }
}

/** The failure in a 5xx answer of the app: Fastify's JSON error has a message. */
function pageError(body: string): DevError {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return { phase: 'render', message: parsed.message };
  } catch {
    // Not JSON: the body as it is.
  }
  return { phase: 'render', message: body.slice(0, 2000) || 'The page failed to render.' };
}
