import type { Rendered } from '@kinetic/diff';
import type { EventPayload } from '@kinetic/protocol';
import type { Assigns, Flash } from './assigns.js';
import { badView } from './errors.js';
import type { LiveSocket } from './socket.js';

/** Route and query parameters: `/users/:id?tab=a` gives `{ id, tab }`. */
export type Params = Record<string, string | string[]>;
/** Server-side session data given to mount, signed into the view token. */
export type SessionData = Record<string, unknown>;
export type { Assigns, Flash } from './assigns.js';
/** What render receives: the view's assigns plus its flash. */
export type RenderAssigns<A> = Readonly<A> & { readonly flash: Flash };

/** An event handler may answer a hook's pushEvent with a reply value. */
export type EventResult = void | { reply: unknown };
export type EventHandler<A extends Assigns, Info> = (
  payload: EventPayload,
  socket: LiveSocket<A, Info>,
) => EventResult | Promise<EventResult>;

/** Why a view ended. */
export type TerminateReason = 'leave' | 'disconnect' | 'shutdown' | 'navigate' | 'error';

/**
 * A live view: state (assigns) on the server, HTML in the browser, events in between.
 * `A` is inferred from what `mount` returns, so `render` and handlers are typed by it.
 *
 * @example
 * export const Counter = defineView({
 *   name: 'Counter',
 *   mount: () => ({ count: 0 }),
 *   events: {
 *     inc: (_payload, socket) => { socket.update('count', (n) => n + 1); },
 *   },
 *   render: ({ count }) => html`<button lv-click="inc">${count}</button>`,
 * });
 */
export interface ViewDefinition<A extends Assigns, Info = unknown> {
  /** A unique name: it identifies the view in tokens, logs and error messages. */
  readonly name: string;
  /**
   * Builds the initial assigns: their type is the view's assigns type. Runs for the HTTP
   * render and again when the socket joins. The socket here is untyped on purpose: the
   * assigns type is inferred from what mount returns.
   */
  // biome-ignore lint/suspicious/noExplicitAny: see above; messages are typed by handleInfo
  mount(params: Params, session: SessionData, socket: LiveSocket<Assigns, any>): A | Promise<A>;
  /**
   * Whether this session may open the view at `url`: the place to authorize a join. Runs
   * before mount in the HTTP render (false answers 403), at every join (false refuses it),
   * and whenever the client asks for another URL of the view (false loads that URL as a
   * page, where the route's guards answer). `session` is what the view token signed.
   * @example authorize: (params, session) => canRead(session.userId, params.id)
   */
  authorize?(params: Params, session: SessionData, url: URL): boolean | Promise<boolean>;
  /** Runs after mount and whenever the URL changes within the view (lv-patch, patchURL, back). */
  handleParams?(params: Params, url: URL, socket: LiveSocket<A, Info>): void | Promise<void>;
  /** Event handlers by name; `lv-click="inc"` calls `events.inc`. */
  readonly events?: Readonly<Record<string, EventHandler<A, Info>>>;
  /** Catch-all for events not in `events`. */
  handleEvent?(
    event: string,
    payload: EventPayload,
    socket: LiveSocket<A, Info>,
  ): EventResult | Promise<EventResult>;
  /** Messages from sendInfo, timers, pubsub and live components. */
  handleInfo?(message: Info, socket: LiveSocket<A, Info>): void | Promise<void>;
  /** The view's HTML as a function of its assigns. */
  render(assigns: RenderAssigns<A>): Rendered;
  /** The page title; re-evaluated after each render. */
  title?(assigns: RenderAssigns<A>): string;
  /** Cleanup when the view ends. Timers are already cancelled. */
  terminate?(reason: TerminateReason, socket: LiveSocket<A, Info>): void | Promise<void>;
}

/** A view definition checked by defineView. */
export type View<A extends Assigns = Assigns, Info = unknown> = ViewDefinition<A, Info> & {
  readonly [VIEW]: true;
};
// biome-ignore lint/suspicious/noExplicitAny: a registry holds views of every assigns type
export type AnyView = View<any, any>;

export const VIEW = Symbol.for('kinetic.view');

/** Declares a live view. See ViewDefinition for the shape and an example. */
export function defineView<A extends Assigns, Info = unknown>(
  definition: ViewDefinition<A, Info>,
): View<A, Info> {
  const name = typeof definition?.name === 'string' ? definition.name : '';
  if (!/^[A-Za-z_][\w.-]*$/.test(name)) {
    throw badView(name || '(unnamed)', 'it needs a name made of letters, digits, "_", "." or "-"');
  }
  if (typeof definition.mount !== 'function') throw badView(name, 'mount must be a function');
  if (typeof definition.render !== 'function') throw badView(name, 'render must be a function');
  return Object.freeze({ ...definition, [VIEW]: true as const });
}

export function isView(value: unknown): value is AnyView {
  return typeof value === 'object' && value !== null && VIEW in value;
}
