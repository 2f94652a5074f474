import { hookWithoutId, report, unknownHook } from './errors.js';

/**
 * Client code attached to an element with `lv-hook="Name"` (the element needs an id).
 * Each method runs with `this` bound to a {@link HookContext}.
 * @example
 * const hooks = {
 *   Chart: {
 *     mounted() { this.handleEvent('points', (p) => draw(this.el, p)); },
 *     updated() { resize(this.el); },
 *   },
 * } satisfies Record<string, Hook>;
 */
export interface Hook {
  /** The element was added to the page and its view joined. */
  mounted?(this: HookContext): void;
  /** A server update is about to change the element. */
  beforeUpdate?(this: HookContext): void;
  /** A server update changed the element. */
  updated?(this: HookContext): void;
  /** The element left the page, or its view left. */
  destroyed?(this: HookContext): void;
  /** The connection dropped; the element stays on the page meanwhile. */
  disconnected?(this: HookContext): void;
  /** The view rejoined after a dropped connection. */
  reconnected?(this: HookContext): void;
  [method: string]: unknown;
}

/** What a hook's `this` offers, on top of its own methods. */
export interface HookContext {
  readonly el: HTMLElement;
  /** Sends an event to the hook's view; resolves with the handler's reply. */
  pushEvent(event: string, payload?: Record<string, unknown>): Promise<unknown>;
  /** Sends an event to a live component of the hook's view, by its id (its lv-target). */
  pushEventTo(target: string, event: string, payload?: Record<string, unknown>): Promise<unknown>;
  /** Runs `callback` for every `socket.pushEvent(event, payload)` the view's server side sends. */
  handleEvent(event: string, callback: (payload: unknown) => void): void;
  [key: string]: unknown;
}

declare global {
  interface Window {
    /** Hooks for pages that load the prebuilt runtime and cannot pass connect({hooks}). */
    KineticHooks?: Record<string, Hook>;
  }
}

type Push = (event: string, payload: Record<string, unknown>, target?: string) => Promise<unknown>;
type Lifecycle =
  | 'mounted'
  | 'beforeUpdate'
  | 'updated'
  | 'destroyed'
  | 'disconnected'
  | 'reconnected';

/** The hooks of one view: mounts new hooked elements, destroys gone ones, routes pushed events. */
export class ViewHooks {
  private readonly live = new Map<Element, HookContext>();
  private readonly handlers: Array<[HookContext, string, (payload: unknown) => void]> = [];
  private readonly changed = new Set<HookContext>();

  constructor(
    private readonly root: Element,
    private readonly definitions: Record<string, Hook> | undefined,
    private readonly push: Push,
  ) {}

  /** Brings hooks in line with the DOM after a render, then runs `updated` for changed elements. */
  sync(): void {
    for (const [el, hook] of this.live) if (!this.owns(el)) this.destroy(el, hook);
    for (const el of this.root.querySelectorAll<HTMLElement>('[lv-hook]')) {
      if (!this.live.has(el) && this.owns(el)) this.mount(el);
    }
    const changed = [...this.changed];
    this.changed.clear();
    for (const hook of changed) call(hook, 'updated');
  }

  beforeUpdate(el: Element): void {
    const hook = this.live.get(el);
    if (hook) call(hook, 'beforeUpdate');
  }

  afterUpdate(el: Element): void {
    const hook = this.live.get(el);
    if (hook) this.changed.add(hook);
  }

  /** Runs a connection lifecycle method on every live hook. */
  each(method: Lifecycle): void {
    for (const hook of this.live.values()) call(hook, method);
  }

  dispatch(event: string, payload: unknown): void {
    for (const [, name, callback] of this.handlers) if (name === event) callback(payload);
  }

  destroyAll(): void {
    for (const [el, hook] of this.live) this.destroy(el, hook);
  }

  /** Hooks inside a nested view belong to that view. */
  private owns(el: Element): boolean {
    return el.isConnected && el.parentElement?.closest('[data-live-view]') === this.root;
  }

  private mount(el: HTMLElement): void {
    const name = el.getAttribute('lv-hook') as string;
    const definition = this.definitions?.[name] ?? window.KineticHooks?.[name];
    if (!el.id || !definition) {
      report(el.id ? unknownHook(name) : hookWithoutId(name));
      return;
    }
    const hook: HookContext = Object.assign(Object.create(definition) as HookContext, {
      el,
      pushEvent: (event: string, payload = {}) => this.push(event, payload),
      pushEventTo: (target: string, event: string, payload = {}) =>
        this.push(event, payload, target),
      handleEvent: (event: string, callback: (payload: unknown) => void) => {
        this.handlers.push([hook, event, callback]);
      },
    });
    this.live.set(el, hook);
    call(hook, 'mounted');
  }

  private destroy(el: Element, hook: HookContext): void {
    this.live.delete(el);
    this.changed.delete(hook);
    for (let i = this.handlers.length - 1; i >= 0; i--) {
      if (this.handlers[i]?.[0] === hook) this.handlers.splice(i, 1);
    }
    call(hook, 'destroyed');
  }
}

/** A hook's own error must not stop the update of the rest of the page. */
function call(hook: HookContext, method: Lifecycle): void {
  const fn = hook[method];
  if (typeof fn !== 'function') return;
  try {
    fn.call(hook);
  } catch (error) {
    report(error);
  }
}
