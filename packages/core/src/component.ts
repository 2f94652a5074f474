import { html, type Rendered } from '@kinetic/diff';
import type { EventPayload } from '@kinetic/protocol';
import { componentOutsideRender, duplicateComponent } from './errors.js';
import type { LiveSocket, SocketImpl } from './socket.js';
import type { AnyView, Assigns, EventResult, SessionData } from './view.js';

/** What a live component can do with its socket: its own state, and a line to its view. */
export type ComponentSocket<S extends Assigns = Assigns> = Pick<
  LiveSocket<S>,
  | 'id'
  | 'connected'
  | 'assigns'
  | 'assign'
  | 'update'
  | 'pushEvent'
  | 'exec'
  | 'focus'
  | 'redirect'
  | 'patchURL'
  | 'navigate'
  | 'putFlash'
> & {
  /** Delivers a message to the parent view's handleInfo. */
  sendParent(message: unknown): void;
};

/**
 * A live component: a stateful part of a view with its own events, addressed by `id`.
 * Events reach it from elements with `lv-target="${myself}"`.
 *
 * @example
 * const Toggle = defineComponent({
 *   name: 'Toggle',
 *   mount: (props: { label: string }) => ({ on: false }),
 *   events: { flip: (_p, socket) => { socket.update('on', (on) => !on); } },
 *   render: ({ label, on, myself }) =>
 *     html`<button lv-click="flip" lv-target="${myself}">${label}: ${on ? 'on' : 'off'}</button>`,
 * });
 * // in a view's render: ${live(Toggle, { id: 'wifi', label: 'Wi-Fi' })}
 */
export interface ComponentDefinition<P extends Assigns, S extends Assigns> {
  readonly name: string;
  /** The component's initial state, from its first props. */
  mount?(props: P, socket: ComponentSocket<S>): S;
  /** Runs when the parent renders it with different props. */
  update?(props: P, socket: ComponentSocket<S>): void;
  readonly events?: Readonly<
    Record<
      string,
      (payload: EventPayload, socket: ComponentSocket<S>) => EventResult | Promise<EventResult>
    >
  >;
  handleEvent?(
    event: string,
    payload: EventPayload,
    socket: ComponentSocket<S>,
  ): EventResult | Promise<EventResult>;
  render(assigns: Readonly<P & S> & { readonly myself: string }): Rendered;
}

// biome-ignore lint/suspicious/noExplicitAny: components of any props and state share one registry
export type AnyComponent = ComponentDefinition<any, any>;

/** Declares a live component. */
export function defineComponent<P extends Assigns, S extends Assigns = Record<never, never>>(
  definition: ComponentDefinition<P, S>,
): ComponentDefinition<P, S> {
  return Object.freeze({ ...definition });
}

/** One mounted component inside a view instance. */
export interface ComponentInstance {
  readonly def: AnyComponent;
  readonly id: string;
  props: Assigns;
  readonly socket: SocketImpl<Assigns, unknown> & ComponentSocket;
  rendered: Rendered | undefined;
  dirty: boolean;
}

/** What live() needs from the view being rendered. */
export interface RenderScope {
  readonly viewName: string;
  readonly components: Map<string, ComponentInstance>;
  readonly seen: Set<string>;
  createComponent(def: AnyComponent, id: string, props: Assigns): ComponentInstance;
  /** Renders the container of a nested live view (see liveRender). */
  nested(view: AnyView, id: string, session: SessionData): Rendered;
}

let scope: RenderScope | undefined;

/** The scope of the render in progress, for live() and liveRender(). */
export function currentScope(): RenderScope | undefined {
  return scope;
}

/** Runs a render with `live()` bound to the view being rendered. */
export function withRenderScope<T>(next: RenderScope, fn: () => T): T {
  const outer = scope;
  scope = next;
  try {
    return fn();
  } finally {
    scope = outer;
  }
}

const wrap = (id: string, inner: Rendered) =>
  html`<div data-lv-component="${id}" style="display:contents">${inner}</div>`;

/**
 * Renders a live component in place. Its state lives across renders, keyed by `id`;
 * it re-renders only when its props (shallowly) or its state changed.
 */
export function live<P extends Assigns, S extends Assigns>(
  component: ComponentDefinition<P, S>,
  props: P & { readonly id: string },
): Rendered {
  const current = scope;
  if (current === undefined) throw componentOutsideRender();
  const { id, ...rest } = props;
  if (current.seen.has(id)) throw duplicateComponent(id, current.viewName);
  current.seen.add(id);
  let instance = current.components.get(id);
  if (instance === undefined || instance.def !== component) {
    instance = current.createComponent(component as AnyComponent, id, rest);
    current.components.set(id, instance);
  } else if (!shallowEqual(instance.props, rest)) {
    instance.props = rest;
    instance.dirty = true;
    component.update?.(rest as unknown as P, instance.socket as unknown as ComponentSocket<S>);
  }
  if (instance.dirty || instance.rendered === undefined) {
    const assigns = { ...instance.props, ...instance.socket.state, myself: id };
    instance.rendered = wrap(id, component.render(assigns as never));
    instance.dirty = false;
  }
  return instance.rendered;
}

function shallowEqual(a: Assigns, b: Assigns): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.is(a[key], b[key]));
}

/**
 * The JSX form of live(): a live component as a tag.
 * @example <LiveComponent component={Toggle} id="toggle" label="Dark mode" />
 */
export function LiveComponent<P extends Assigns, S extends Assigns>(
  props: { readonly component: ComponentDefinition<P, S> } & P & { readonly id: string },
): Rendered {
  const { component, ...rest } = props;
  return live(component, rest as unknown as P & { readonly id: string });
}
