import type { Assigns, Flash } from './assigns.js';
import { badJs } from './errors.js';
import { EXEC_EVENT, JS } from './js.js';
import type { PresenceList } from './presence.js';

/** Cancels a timer started with sendInfo or every. */
export type Cancel = () => void;

/**
 * A view's handle on its connection and state. Passed to every lifecycle function.
 * Assigns are compared by identity: to change a list, assign a new array.
 */
export interface LiveSocket<A extends Assigns = Assigns, Info = unknown> {
  /** A random id for this view instance. */
  readonly id: string;
  /** False during the first HTTP render, true once the browser has joined. */
  readonly connected: boolean;
  /** The current state. */
  readonly assigns: Readonly<A>;
  /** Sets assigns. Only keys whose value changed (Object.is) count as changes. */
  assign(values: Partial<A>): this;
  assign<K extends keyof A>(key: K, value: A[K]): this;
  /** Sets one assign from its current value. */
  update<K extends keyof A>(key: K, fn: (current: A[K]) => A[K]): this;
  /** Sends an event to the view's client hooks (`this.handleEvent(event, cb)`) and to `window` as `lv:<event>`. */
  pushEvent(event: string, payload?: unknown): void;
  /**
   * Runs JS commands in the browser when this step's reply arrives (after its patch is on
   * the page): `socket.exec(JS.show({ to: '#saved' }).transition('fade-in'))`.
   */
  exec(commands: JS): void;
  /** Moves the browser's focus to the element `selector` names, after this step's patch. */
  focus(selector: string): void;
  /** Leaves the live view with a full page load of `url`. */
  redirect(url: string): void;
  /** Changes the URL without leaving the view; handleParams runs with the new URL. */
  patchURL(url: string, options?: { replace?: boolean }): void;
  /** Moves to another live view without a page reload. */
  navigate(url: string, options?: { replace?: boolean }): void;
  /**
   * Delivers `message` to this view's handleInfo, now or after `after` ms. Timers run only
   * on a connected socket and end with the view.
   */
  sendInfo(message: Info, options?: { after?: number }): Cancel;
  /** Delivers `message` to handleInfo every `ms` milliseconds while the view lives. */
  every(ms: number, message: Info): Cancel;
  /**
   * Sets a message for the user, by kind (read it from `flash` in render). It stays until
   * clearFlash or the view ends, and goes with a navigate to the view it opens.
   */
  putFlash(kind: string, message: string): void;
  /** Clears one kind of flash, or all. */
  clearFlash(kind?: string): void;
  /**
   * Delivers every message broadcast to `topic` (by any view or app code, in any process) to
   * this view's handleInfo, until unsubscribe or the view ends. Only a connected socket
   * subscribes: during the HTTP render it returns false, so `if (socket.connected)` is not
   * needed around it.
   */
  subscribe(topic: string): boolean;
  unsubscribe(topic: string): void;
  /**
   * Sends `message` to every view subscribed to `topic`, in every process; `skipSelf` leaves
   * this view out. Throws when the message cannot be sent as data (KN_ERR_NOT_SERIALIZABLE)
   * or is too large; the promise resolves once the message is on its way.
   */
  broadcast(topic: string, message: unknown, options?: { skipSelf?: boolean }): Promise<void>;
  /**
   * Marks this connection present in `topic` under `key` (a user id) with `meta`, until
   * untrack or the view ends; views subscribed to `topic` receive a PresenceDiff in
   * handleInfo. Two tabs of one user are one key with two metas. Connected sockets only.
   */
  track(topic: string, key: string, meta?: Record<string, unknown>): Promise<void>;
  untrack(topic: string, key: string): Promise<void>;
  /** Who is present in `topic` now, by key. */
  presence(topic: string): Promise<PresenceList>;
}

/** A socket's pubsub and presence, as its instance provides them. */
export interface SocketChannels {
  subscribe(topic: string): boolean;
  unsubscribe(topic: string): void;
  broadcast(topic: string, message: unknown, skipSelf: boolean): Promise<void>;
  track(topic: string, key: string, meta: Record<string, unknown>): Promise<void>;
  untrack(topic: string, key: string): Promise<void>;
  presence(topic: string): Promise<PresenceList>;
}

/** What a socket asks of the instance it belongs to. */
export interface SocketHost<Info> {
  readonly connected: boolean;
  markChanged(): void;
  pushEvent(event: string, payload: unknown): void;
  goto(kind: 'r' | 'p' | 'n', url: string, replace: boolean): void;
  schedule(message: Info, after: number, repeat: boolean): Cancel;
  /** Plugins' assign hooks, when any are registered. */
  readonly assignHooks?: AssignHooks | undefined;
  readonly channels: SocketChannels;
}

/**
 * What assign() reports to plugins: before (it may throw), and after, given what before
 * returned and the keys that changed.
 */
export interface AssignHooks {
  before(values: Readonly<Record<string, unknown>>): object;
  after(context: object, changed: readonly string[]): void;
}

const noop: Cancel = () => {};

export class SocketImpl<A extends Assigns, Info> implements LiveSocket<A, Info> {
  state: A = {} as A;
  flash: Flash = {};
  /** Keys changed since the last render; the render is skipped when empty. */
  changed = new Set<string>();

  constructor(
    readonly id: string,
    private readonly host: SocketHost<Info>,
  ) {}

  /** Set when anything asked about the connection: a mount that did is not reusable. */
  connectedRead = false;

  get connected(): boolean {
    this.connectedRead = true;
    return this.host.connected;
  }

  get assigns(): Readonly<A> {
    return this.state;
  }

  assign(values: Partial<A> | keyof A, value?: unknown): this {
    const entries: Array<[string, unknown]> =
      typeof values === 'object' ? Object.entries(values) : [[values as string, value]];
    const hooks = this.host.assignHooks;
    const hooked = hooks?.before(Object.fromEntries(entries));
    const changed: string[] | undefined = hooked === undefined ? undefined : [];
    let next: A | undefined;
    for (const [key, v] of entries) {
      if (Object.is(this.state[key as keyof A], v) && key in this.state) continue;
      next ??= { ...this.state };
      (next as Record<string, unknown>)[key as string] = v;
      this.changed.add(key as string);
      changed?.push(key as string);
    }
    if (next !== undefined) {
      this.state = next;
      this.host.markChanged();
    }
    if (hooked !== undefined) hooks?.after(hooked, changed ?? []);
    return this;
  }

  update<K extends keyof A>(key: K, fn: (current: A[K]) => A[K]): this {
    return this.assign(key, fn(this.state[key]));
  }

  pushEvent(event: string, payload: unknown = {}): void {
    if (this.connected) this.host.pushEvent(event, payload);
  }

  exec(commands: JS): void {
    if (!(commands instanceof JS)) throw badJs('exec', 'commands made with JS (JS.show(...), ...)');
    // The reserved push the browser runs instead of handing it to hooks (docs/js.md).
    if (this.connected) this.host.pushEvent(EXEC_EVENT, commands.ops);
  }

  focus(selector: string): void {
    this.exec(JS.focus({ to: selector }));
  }

  redirect(url: string): void {
    this.host.goto('r', url, false);
  }

  patchURL(url: string, options?: { replace?: boolean }): void {
    this.host.goto('p', url, options?.replace === true);
  }

  navigate(url: string, options?: { replace?: boolean }): void {
    this.host.goto('n', url, options?.replace === true);
  }

  sendInfo(message: Info, options?: { after?: number }): Cancel {
    if (!this.connected) return noop;
    return this.host.schedule(message, options?.after ?? 0, false);
  }

  every(ms: number, message: Info): Cancel {
    if (!this.connected) return noop;
    return this.host.schedule(message, Math.max(1, ms), true);
  }

  subscribe(topic: string): boolean {
    return this.host.channels.subscribe(topic);
  }

  unsubscribe(topic: string): void {
    this.host.channels.unsubscribe(topic);
  }

  broadcast(topic: string, message: unknown, options?: { skipSelf?: boolean }): Promise<void> {
    return this.host.channels.broadcast(topic, message, options?.skipSelf === true);
  }

  track(topic: string, key: string, meta: Record<string, unknown> = {}): Promise<void> {
    return this.host.channels.track(topic, key, meta);
  }

  untrack(topic: string, key: string): Promise<void> {
    return this.host.channels.untrack(topic, key);
  }

  presence(topic: string): Promise<PresenceList> {
    return this.host.channels.presence(topic);
  }

  putFlash(kind: string, message: string): void {
    this.flash = { ...this.flash, [kind]: message };
    this.changed.add('flash');
    this.host.markChanged();
  }

  clearFlash(kind?: string): void {
    if (kind === undefined) {
      if (Object.keys(this.flash).length === 0) return;
      this.flash = {};
    } else {
      if (!(kind in this.flash)) return;
      const { [kind]: _removed, ...rest } = this.flash;
      this.flash = rest;
    }
    this.changed.add('flash');
    this.host.markChanged();
  }
}
