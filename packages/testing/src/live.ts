import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Assigns } from '@kinetic/core';
import {
  type LiveRuntime,
  VIEW_JOINED_CHANNEL,
  type ViewInstance,
  type ViewJoinedMessage,
} from '@kinetic/core/runtime';
import type { StaticsTable, WirePatch } from '@kinetic/diff';
import {
  type ErrorFrame,
  type HelloFrame,
  type JoinReply,
  PROTOCOL_VERSION,
  type ReplyFrame,
  type ServerFrame,
  type TransportName,
} from '@kinetic/protocol';
import { type AppSource, type ServedApp, serve } from './app-server.js';
import { ClientState } from './client-state.js';
import { Dom, readableText } from './dom.js';
import type { Reconnected, ReconnectOptions, ViewDriver } from './driver.js';
import { closed, httpFailed, liveTimers, notLive, unsupported, ViewError } from './errors.js';
import type { Payload } from './form.js';
import { TestView } from './test-view.js';
import { type Frame, LiveClient, type Request } from './wire/live-client.js';

/** Options of live(). */
export interface LiveOptions {
  /** Extra headers for the page request and the socket (a session cookie, authorization, ...). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The transport the tab speaks: a WebSocket (the default), an event stream with POSTs
   * back (`sse`), or long-polling (`longpoll`), as the browser falls back to them.
   */
  readonly transport?: TransportName;
}

/** Frames the server sends a view on its own: d, p, g, t, and c for the whole session. */
type ViewFrame = Exclude<ServerFrame, HelloFrame | ReplyFrame | ErrorFrame>;

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
  private client: LiveClient | undefined;
  private viewId = 0;
  private page: Page | undefined;
  /** Why the connection is gone: the server closed it. */
  private gone: Error | undefined;
  private readonly cookies = new Map<string, string>();

  /** Headers of the page requests and the socket, without cookies: those live in the jar. */
  private readonly headers: Record<string, string> = {};

  constructor(
    private readonly served: ServedApp,
    private readonly state: ClientState,
    headers: Readonly<Record<string, string>>,
    private readonly transport: TransportName,
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
    // As the client does: an empty payload is left off.
    const reply = await this.call(
      target !== undefined
        ? ['e', id, event, payload, target]
        : Object.keys(payload).length > 0
          ? ['e', id, event, payload]
          : ['e', id, event],
    );
    await this.flush();
    return reply[4];
  }

  async patch(url: URL): Promise<void> {
    this.state.url = url;
    await this.call(['u', this.viewId, url.href]);
    await this.flush();
  }

  async navigate(url: URL): Promise<void> {
    await this.call(['l', this.viewId]);
    this.instance = undefined;
    await this.join(await this.load(url, { 'x-kinetic-navigate': '1' }));
  }

  /**
   * Drops the connection and reconnects with the session's id, ack and key, as the browser
   * does after a network blip. A resumed session replays what the tab missed; a new one
   * (the server forgot the session) is joined again, as the browser would.
   */
  async reconnect({ offlineMs = 0 }: ReconnectOptions): Promise<Reconnected> {
    const client = this.open();
    client.kill();
    if (offlineMs > 0) await new Promise((resolve) => setTimeout(resolve, offlineMs));
    const [, , resumed] = await client.connect();
    this.gone = undefined;
    // A new session: join again at the address bar's URL, as the browser does.
    if (resumed === 0 && this.page !== undefined) {
      await this.join({ ...this.page, url: this.state.url });
    }
    await this.flush();
    return { resumed: resumed === 1 };
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
      await this.client?.close();
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
    await this.call(['h']);
  }

  private open(): LiveClient {
    return this.client as LiveClient;
  }

  /** A request; an `x` answer rejects with the server's code and message. */
  private async call(request: Request): Promise<Frame> {
    if (this.gone) throw this.gone;
    const answer = await this.open().request(request);
    if (answer[0] === 'x') throw new ViewError(answer[2] as string, answer[3] as string);
    return answer;
  }

  /** Keeps `name=value` pairs, as a browser keeps cookies for the app's origin. */
  private remember(pairs: readonly string[]): void {
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    if (this.client) this.client.cookie = this.cookieHeader();
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** The HTTP render: the page, its cookies, and what the join needs from it. */
  private async load(url: URL, extra: Record<string, string>): Promise<Page> {
    const path = url.pathname + url.search;
    const cookie = this.cookieHeader();
    const response = await fetch(url, {
      headers: { ...this.headers, ...(cookie ? { cookie } : {}), ...extra },
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

  /** Joins the page's view (connecting first), as the client does on load. */
  private async join(page: Page): Promise<void> {
    if (this.client === undefined) {
      this.client = new LiveClient(this.served.base, this.transport, this.cookieHeader(), {
        livePath: page.livePath,
        headers: this.headers,
        onFrame: (frame, request) => this.onFrame(frame, request),
        onClose: () => this.onClose(),
      });
      await this.client.connect();
    }
    const id = ++this.viewId;
    this.page = page;
    const runtime = (this.served.app as unknown as { kinetic?: LiveRuntime }).kinetic;
    let joined: ViewInstance | undefined;
    // The runtime publishes which instance took this page's join, so assigns and sendInfo
    // work; another app in this process may join a page with the same root id.
    const watch = (message: unknown) => {
      const join = message as ViewJoinedMessage;
      if (join.runtime === runtime?.id && join.root === page.rootId) joined = join.instance;
    };
    subscribe(VIEW_JOINED_CHANNEL, watch);
    try {
      const join = { k: page.token, c: page.csrf, u: page.url.href, v: PROTOCOL_VERSION };
      await this.call(['j', id, join]);
    } finally {
      unsubscribe(VIEW_JOINED_CHANNEL, watch);
    }
    this.instance = joined;
  }

  /** The server closed the WebSocket (or refused the tab): what waits is refused. */
  private onClose(): void {
    this.gone = closed();
    this.open().abandon(this.gone);
  }

  /**
   * Every frame of the session, in order and synchronously, so a reply's patch is applied
   * before the `d` frame that follows it in the same message.
   */
  private onFrame(frame: Frame, request: Frame | undefined): void {
    const kind = frame[0] as ServerFrame[0];
    if (kind === 'r') {
      if (request?.[0] === 'j' && request[2] === this.viewId && this.page !== undefined) {
        this.state.url = this.page.url;
        this.state.title = this.page.title;
        this.state.joined(this.page.rootId, this.page.view, frame[2] as JoinReply);
      } else if (request?.[0] === 'e' || request?.[0] === 'u') {
        const patch = replyPatch(frame as unknown as ReplyFrame);
        if (patch !== undefined) this.state.patched(patch[0], patch[1]);
      }
      return;
    }
    if (kind === 'x') {
      // An answer rejects its request; one outside any request is the view's failure.
      if (frame[1] === 0) this.state.failed(new ViewError(frame[2] as string, frame[3] as string));
      return;
    }
    const push = frame as unknown as ViewFrame;
    if (push[0] === 'c' || push[1] !== this.viewId) return;
    switch (push[0]) {
      case 'd':
        this.state.patched(push[2], push[3]);
        return;
      case 'p':
        this.state.pushed(push[2], push[3]);
        return;
      case 'g':
        this.state.goto(push[2], push[3], push[4] === 1);
        return;
      case 't':
        this.state.titled(push[2]);
        return;
      default:
        push satisfies never;
    }
  }
}

/**
 * Drives a live route of a real app as a browser would: the HTTP render through routing and
 * layout, then a real join (over a WebSocket, or `options.transport`: SSE, long-poll) with
 * the page's token, CSRF cookie and Origin; every interaction travels as protocol frames,
 * and `reconnect()` drops and resumes the session. Pass `buildApp` to let the test own the
 * app (closed by close()), or an instance you close yourself. Name the view's assigns type
 * (`live<{ count: number }>(...)`) to type `assigns`.
 * @example
 * const view = await live(buildApp, '/', { transport: 'sse' });
 * await view.click('button[aria-label=inc]');
 * expect(view.text('#count')).toBe('1');
 * expect(await view.reconnect()).toEqual({ resumed: true });
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
  const driver = new LiveDriver(
    served,
    state,
    options.headers ?? {},
    options.transport ?? 'websocket',
  );
  try {
    await driver.start(url);
  } catch (error) {
    await driver.close();
    throw error;
  }
  return new TestView<A, Info>(driver, state);
}
