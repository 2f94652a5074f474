import {
  type AnyView,
  type Assigns,
  type ComponentDefinition,
  defineView,
  type KineticError,
  type Logger,
  live,
  type Params,
  type SessionData,
  type View,
} from '@kinetic/core';
import {
  compileRoute,
  type InstanceHost,
  LiveChannels,
  paramsOf,
  type Scheduler,
  type Update,
  ViewInstance,
} from '@kinetic/core/runtime';
import { encodePatch, encodeTree } from '@kinetic/diff';
import type { JoinReply } from '@kinetic/protocol';
import { ClientState } from './client-state.js';
import type { Reconnected, ViewDriver } from './driver.js';
import { otherView, unsupported } from './errors.js';
import type { Payload } from './form.js';
import { TestView } from './test-view.js';
import { VirtualClock } from './virtual-clock.js';

/** Options of mount(). */
export interface MountOptions {
  /** Route params (the `:id` parts of the route); query params come from `url`. */
  readonly params?: Params;
  /** Session data, as the app's `session` option would give mount. */
  readonly session?: SessionData;
  /** The page URL, absolute or a path (default `/`, on http://localhost). */
  readonly url?: string;
  /**
   * The view's route pattern (`/users/:id`): patch() and navigate() then take route params
   * from the URL, and URLs outside it belong to other views. Default: every URL is the view's.
   */
  readonly route?: string;
  /** Where the view's logs go. Default: warnings to the console; errors reach the test as rejections. */
  readonly logger?: Logger;
  /**
   * The pubsub and presence the view uses. Default: its own, in memory. Mount several views
   * with one `new LiveChannels({ log })` (from @kinetic/core/runtime) to let them talk, and
   * broadcast to them from the test with `channels.pubsub.broadcast(topic, message)`.
   */
  readonly channels?: LiveChannels;
}

const quietLogger: Logger = {
  error: () => {},
  warn: (object, message) => console.warn(`[kinetic] ${message}`, object),
  info: () => {},
};

/** JSON and back: what the browser receives is what survived the wire. */
const overTheWire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * Runs a view in this process through the real ViewInstance, with a virtual clock, and
 * hands every outcome to the ClientState in wire form, as a connection would send it.
 */
class MountDriver implements ViewDriver {
  readonly mode = 'mount';
  instance: ViewInstance | undefined;
  private readonly clock = new VirtualClock();
  /**
   * The clock, counting each firing until the instance delivers (or fails) the step it
   * started, so advance() can wait for one timer's outcome before firing the next.
   */
  private readonly scheduler: Scheduler = {
    schedule: (callback, ms, repeat) =>
      this.clock.schedule(
        () => {
          this.inflight++;
          callback();
        },
        ms,
        repeat,
      ),
  };
  /** Fingerprints the "client" has, as LiveConnection keeps them per connection. */
  private readonly sent = new Set<string>();
  private readonly route;
  private inflight = 0;
  private idle: Array<() => void> = [];
  private failures: Error[] = [];
  private views = 0;

  constructor(
    private readonly view: AnyView,
    private readonly options: MountOptions,
    private readonly state: ClientState,
  ) {
    this.route = options.route === undefined ? undefined : compileRoute(options.route);
  }

  /** Route params for a URL of this view, or null when the URL belongs to another view. */
  private matchParams(url: URL): Params | null {
    if (this.route === undefined) return paramsOf(url, this.options.params ?? {});
    const routeParams = this.route.match(url.pathname);
    return routeParams === null ? null : paramsOf(url, routeParams);
  }

  async start(url: URL): Promise<void> {
    const params = this.matchParams(url);
    if (params === null) throw otherView(this.view.name, url.href);
    const host: InstanceHost = {
      connected: true,
      log: this.options.logger ?? quietLogger,
      matchParams: (u) => this.matchParams(u),
      deliver: (update) => this.settled(() => this.apply(update)),
      fail: (error: KineticError) =>
        this.settled(() => {
          this.failures.push(error);
          this.state.failed(error);
        }),
      scheduler: this.scheduler,
      channels:
        this.options.channels ?? new LiveChannels({ log: this.options.logger ?? quietLogger }),
    };
    const instance = new ViewInstance(this.view, host, url);
    this.instance = instance;
    const tree = await instance.mount(params, this.options.session ?? {});
    const title = instance.title();
    const { s, t } = encodeTree(tree, this.sent);
    const reply: JoinReply = { t, ...(s ? { s } : {}), ...(title !== undefined ? { title } : {}) };
    this.state.joined(`lv-${++this.views}`, this.view.name, overTheWire(reply));
    await this.advance(0);
  }

  async event(event: string, payload: Payload, target: string | undefined): Promise<unknown> {
    const update = await this.running().event(event, overTheWire(payload), target);
    this.apply(update);
    await this.advance(0);
    return update.reply;
  }

  async patch(url: URL): Promise<void> {
    this.state.url = url;
    this.apply(await this.running().params(url));
    await this.advance(0);
  }

  async navigate(url: URL): Promise<void> {
    if (this.matchParams(url) === null) throw otherView(this.view.name, url.href);
    await this.close('navigate');
    this.state.url = url;
    await this.start(url);
  }

  async info(message: unknown): Promise<void> {
    this.apply(await this.running().info(message));
    await this.advance(0);
  }

  /** Runs due timers; rejects with the first failure of a step they started. */
  async advance(ms: number): Promise<void> {
    await this.clock.advance(ms, () => this.whenIdle());
    const [failure] = this.failures;
    this.failures = [];
    if (failure !== undefined) throw failure;
  }

  reconnect(): Promise<Reconnected> {
    return Promise.reject(
      unsupported(
        'reconnect',
        'mount() runs the view in this process, with no connection to drop; use live()',
      ),
    );
  }

  async close(reason: 'leave' | 'navigate' = 'leave'): Promise<void> {
    this.clock.clear();
    await this.instance?.terminate(reason);
  }

  private running(): ViewInstance {
    return this.instance as ViewInstance;
  }

  /** The update of a step a timer started, as a `d` frame would bring it. */
  private apply(update: Update): void {
    if (update.patch !== null) {
      const { s, p } = overTheWire(encodePatch(update.patch, this.sent));
      this.state.patched(p, s);
    }
    if (update.title !== undefined) this.state.titled(update.title);
    for (const [event, payload] of update.pushes) this.state.pushed(event, overTheWire(payload));
    for (const goto of update.gotos) this.state.goto(goto.kind, goto.url, goto.replace);
  }

  /** A fired timer's step is done; a throw here (a patch that cannot be encoded) is its failure. */
  private settled(record: () => void): void {
    try {
      record();
    } catch (error) {
      this.failures.push(error as Error);
    } finally {
      if (this.inflight > 0) this.inflight--;
      if (this.inflight === 0) for (const wake of this.idle.splice(0)) wake();
    }
  }

  private whenIdle(): Promise<void> {
    if (this.inflight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }
}

/**
 * Mounts a view in this process, connected, as the browser's join would: mount,
 * handleParams, render; then events, messages and timers (on a virtual clock) through the
 * real ViewInstance, with the DOM kept from the patches in their wire form.
 * @example
 * const view = await mount(Counter);
 * await view.click('button[aria-label=inc]');
 * expect(view.text('#count')).toBe('1');
 */
export async function mount<A extends Assigns, Info>(
  view: View<A, Info>,
  options: MountOptions = {},
): Promise<TestView<A, Info>> {
  const url = new URL(options.url ?? '/', 'http://localhost/');
  const state = new ClientState(url);
  const driver = new MountDriver(view as AnyView, options, state);
  await driver.start(url);
  return new TestView<A, Info>(driver, state);
}

/**
 * Mounts a live component alone, inside a view that renders only it, so its events
 * (lv-target) and state can be tested like a view's. What it sends its parent with
 * sendParent collects in `assigns.messages`.
 * @example const toggle = await mountComponent(Toggle, { id: 'wifi', label: 'Wi-Fi' });
 */
export function mountComponent<
  P extends Record<string, unknown>,
  S extends Record<string, unknown>,
>(
  component: ComponentDefinition<P, S>,
  props: P & { readonly id: string },
  options: Omit<MountOptions, 'route'> = {},
): Promise<TestView<{ messages: unknown[] }>> {
  // What the component sends its parent (sendParent) collects in assigns.messages.
  const host = defineView({
    name: `Test.${component.name}`,
    mount: () => ({ messages: [] as unknown[] }),
    handleInfo: (message: unknown, socket) => {
      socket.update('messages', (messages) => [...messages, message]);
    },
    render: () => live(component, props),
  });
  return mount(host, options);
}
