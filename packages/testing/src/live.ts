import type { Assigns, LiveRuntime, ViewInstance } from '@kinetic/core';
import type { StaticsTable, WirePatch } from '@kinetic/diff';
import { type JoinReply, PROTOCOL_VERSION, type ReplyFrame } from '@kinetic/protocol';
import { type AppSource, type ServedApp, serve } from './app-server.js';
import { ClientState } from './client-state.js';
import { Dom, readableText } from './dom.js';
import type { ViewDriver } from './driver.js';
import { httpFailed, liveTimers, notLive, unsupported, ViewError } from './errors.js';
import type { Payload } from './form.js';
import { TestView } from './test-view.js';
import { type PushFrame, WireClient } from './wire-client.js';

/** Options of live(). */
export interface LiveOptions {
  /** Extra headers for the page request and the socket (a session cookie, authorization, ...). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the HTTP render of a live route gives the browser to join with. */
interface Page {
  readonly url: URL;
  readonly rootId: string;
  readonly view: string;
  readonly token: string;
  readonly csrf: string;
  readonly livePath: string;
  readonly title: string | undefined;
}

/** The patch of a reply frame, in the shape the client's View.patch takes. */
function replyPatch(frame: ReplyFrame): [WirePatch, StaticsTable | undefined] | undefined {
  const patch = frame[2] as WirePatch | 0 | undefined;
  if (patch === undefined || patch === 0) return undefined;
  return [patch, (frame[3] as StaticsTable | 0 | undefined) || undefined];
}

/**
 * Drives an app as a browser tab does: GET the page (cookies kept), open the live
 * WebSocket with the cookie and Origin, join with the page's token and CSRF token, and
 * speak the protocol. The DOM is built from the frames alone.
 */
class LiveDriver implements ViewDriver {
  readonly mode = 'live';
  instance: ViewInstance | undefined;
  private socket: WireClient | undefined;
  private viewId = 0;
  private readonly cookies = new Map<string, string>();

  /** Headers of the page requests and the socket, without cookies: those live in the jar. */
  private readonly headers: Record<string, string> = {};

  constructor(
    private readonly served: ServedApp,
    private readonly state: ClientState,
    headers: Readonly<Record<string, string>>,
  ) {
    for (const [name, value] of Object.entries(headers)) {
      if (name.toLowerCase() === 'cookie') this.remember(value.split(';'));
      else this.headers[name] = value;
    }
  }

  async start(url: URL): Promise<void> {
    await this.join(await this.load(url, {}));
  }

  async event(event: string, payload: Payload, target: string | undefined): Promise<unknown> {
    const id = this.viewId;
    const reply = await this.open().request(
      (ref) => {
        if (target !== undefined) return ['e', ref, id, event, payload, target];
        // As the client does: an empty payload is left off.
        return Object.keys(payload).length > 0
          ? ['e', ref, id, event, payload]
          : ['e', ref, id, event];
      },
      (frame) => {
        this.applyReply(frame);
        return frame[4];
      },
    );
    await this.flush();
    return reply;
  }

  async patch(url: URL): Promise<void> {
    const id = this.viewId;
    this.state.url = url;
    await this.open().request(
      (ref) => ['u', ref, id, url.href],
      (frame) => this.applyReply(frame),
    );
    await this.flush();
  }

  async navigate(url: URL): Promise<void> {
    const id = this.viewId;
    await this.open().request(
      (ref) => ['l', ref, id],
      () => undefined,
    );
    this.instance = undefined;
    await this.join(await this.load(url, { 'x-kinetic-navigate': '1' }));
  }

  /**
   * Runs handleInfo on the joined view and sends its update down the connection, as a
   * timer firing does; flush() then proves every frame of it arrived.
   */
  async info(message: unknown): Promise<void> {
    const instance = this.instance;
    if (instance === undefined) {
      throw unsupported('sendInfo', 'this app’s runtime does not let a test reach the joined view');
    }
    instance.deliver(await instance.info(message));
    await this.flush();
  }

  advance(): Promise<void> {
    return Promise.reject(liveTimers());
  }

  async close(): Promise<void> {
    try {
      await this.socket?.close();
    } finally {
      await this.served.release();
    }
  }

  /**
   * A heartbeat round trip. The server sends a step's title, pushes and gotos right after
   * its reply, in the same tick: once a heartbeat sent after the reply is answered, they
   * have all arrived, so an interaction resolves with its whole outcome applied.
   */
  private async flush(): Promise<void> {
    await this.open().request(
      (ref) => ['h', ref],
      () => undefined,
    );
  }

  private open(): WireClient {
    return this.socket as WireClient;
  }

  private applyReply(frame: ReplyFrame): void {
    const patch = replyPatch(frame);
    if (patch !== undefined) this.state.patched(patch[0], patch[1]);
  }

  /** Keeps `name=value` pairs, as a browser keeps cookies for the app's origin. */
  private remember(pairs: readonly string[]): void {
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  private cookieHeader(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }

  /** The HTTP render: the page, its cookies, and what the join needs from it. */
  private async load(url: URL, extra: Record<string, string>): Promise<Page> {
    const path = url.pathname + url.search;
    const response = await fetch(url, {
      headers: { ...this.headers, ...this.cookieHeader(), ...extra },
      redirect: 'manual',
    });
    this.remember(response.headers.getSetCookie().map((line) => line.split(';', 1)[0] as string));
    const body = await response.text();
    if (response.status !== 200) {
      const location = response.headers.get('location');
      throw httpFailed(path, response.status, location ? `redirect to ${location}` : body);
    }
    const dom = new Dom(body);
    const root = dom.all('[data-live-view][data-lv-token]')[0];
    const meta = (name: string) => dom.all(`meta[name="${name}"]`)[0]?.attribs.content;
    const csrf = meta('kinetic-csrf');
    if (root === undefined || csrf === undefined) throw notLive(path, body);
    const title = dom.all('title')[0];
    return {
      url,
      rootId: root.attribs.id ?? '',
      view: root.attribs['data-live-view'] ?? '',
      token: root.attribs['data-lv-token'] ?? '',
      csrf,
      livePath: meta('kinetic-live-path') ?? '/_kinetic/live',
      title: title === undefined ? undefined : readableText(title),
    };
  }

  /** Joins the page's view (opening the socket first), as the client does on load. */
  private async join(page: Page): Promise<void> {
    this.socket ??= await WireClient.open(
      `${this.served.base.replace(/^http/, 'ws')}${page.livePath}/websocket?vsn=1`,
      { ...this.headers, ...this.cookieHeader(), origin: this.served.base },
      (frame) => this.onFrame(frame),
      () => {},
    );
    const id = ++this.viewId;
    const runtime = (this.served.app as unknown as { kinetic?: LiveRuntime }).kinetic;
    let joined: ViewInstance | undefined;
    // The runtime tells which instance took this page's join, so assigns and sendInfo work.
    const stop = runtime?.watchJoin?.(page.rootId, (instance) => {
      joined = instance;
    });
    try {
      const join = { k: page.token, c: page.csrf, u: page.url.href, v: PROTOCOL_VERSION };
      await this.open().request(
        (ref) => ['j', ref, id, join],
        (frame) => {
          this.state.url = page.url;
          this.state.title = page.title;
          this.state.joined(page.rootId, page.view, frame[2] as JoinReply);
        },
      );
    } finally {
      stop?.();
    }
    this.instance = joined;
  }

  private onFrame(frame: PushFrame): void {
    switch (frame[0]) {
      case 'd':
        if (frame[1] === this.viewId) this.state.patched(frame[2], frame[3]);
        return;
      case 'p':
        if (frame[1] === this.viewId) this.state.pushed(frame[2], frame[3]);
        return;
      case 'g':
        if (frame[1] === this.viewId) this.state.goto(frame[2], frame[3], frame[4] === 1);
        return;
      case 't':
        if (frame[1] === this.viewId) this.state.titled(frame[2]);
        return;
      case 'x':
        this.state.failed(new ViewError(frame[2], frame[3]));
        return;
      case 'c':
        // The server is shutting down; the socket closes next and requests reject then.
        return;
      default:
        frame satisfies never;
    }
  }
}

/**
 * Drives a live route of a real app as a browser would: the HTTP render through routing and
 * layout, then a real WebSocket join with the page's token, CSRF cookie and Origin; every
 * interaction travels as protocol frames. Pass `buildApp` to let the test own the app
 * (closed by close()), or an instance you close yourself. Name the view's assigns type
 * (`live<{ count: number }>(...)`) to type `assigns`.
 * @example
 * const view = await live(buildApp, '/');
 * await view.click('button[aria-label=inc]');
 * expect(view.text('#count')).toBe('1');
 * await view.close();
 */
export async function live<A extends Assigns = Assigns, Info = unknown>(
  app: AppSource,
  path: string,
  options: LiveOptions = {},
): Promise<TestView<A, Info>> {
  const served = await serve(app);
  const url = new URL(path, served.base);
  const state = new ClientState(url);
  const driver = new LiveDriver(served, state, options.headers ?? {});
  try {
    await driver.start(url);
  } catch (error) {
    await driver.close();
    throw error;
  }
  return new TestView<A, Info>(driver, state);
}
