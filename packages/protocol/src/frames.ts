import type { StaticsTable, WireDyn, WirePatch } from '@kinetic/diff';

/** The protocol version. A client speaking another version is refused at join. */
export const PROTOCOL_VERSION = 1;

/**
 * Frames are JSON arrays: the first element names the frame, the rest are positional.
 * Positional arrays keep a counter click near 16 bytes and its reply near 18.
 * `ref` numbers requests on one connection; `view` numbers the views on one connection
 * (the client picks both).
 */
export type ClientFrame =
  | JoinFrame
  | EventFrame
  | UrlFrame
  | LeaveFrame
  | HeartbeatFrame
  | AckFrame;

/**
 * What one client message carries over SSE+POST and long-poll: a frame, or several frames
 * in order (an array whose first element is itself an array).
 */
export type ClientMessage = ClientFrame | readonly ClientFrame[];

/** Join a view: the signed token from the page, the CSRF token, the current URL. */
export type JoinFrame = readonly ['j', ref: number, view: number, payload: JoinPayload];
export interface JoinPayload {
  /** The signed view token from `data-lv-token`. */
  readonly k: string;
  /** The CSRF token from `<meta name="kinetic-csrf">`. */
  readonly c: string;
  /** The page URL, so handleParams sees what the address bar shows. */
  readonly u: string;
  /** Protocol version. */
  readonly v: number;
}

/** A browser event bound with lv-*: its name, values, and optionally a live component target. */
export type EventFrame =
  | readonly ['e', ref: number, view: number, event: string]
  | readonly ['e', ref: number, view: number, event: string, payload: EventPayload]
  | readonly ['e', ref: number, view: number, event: string, payload: EventPayload, target: string];
export type EventPayload = Readonly<Record<string, unknown>>;

/** The URL changed inside the view (lv-patch link, back/forward): runs handleParams. */
export type UrlFrame = readonly ['u', ref: number, view: number, url: string];

/** The view's element left the page. */
export type LeaveFrame = readonly ['l', ref: number, view: number];

/** Keeps the connection alive through proxies; answered with an empty reply. */
export type HeartbeatFrame = readonly ['h', ref: number];

/**
 * The client has processed every sequenced frame up to `seq`: the server may forget them.
 * Not answered. Long-poll clients acknowledge with the `ack` query parameter instead.
 */
export type AckFrame = readonly ['a', seq: number];

/**
 * What one server message carries: a frame, or the frames of one step batched in order
 * (an array whose first element is itself an array), so a step costs one write.
 */
export type ServerMessage = ServerFrame | readonly ServerFrame[];

export type ServerFrame =
  | HelloFrame
  | ReplyFrame
  | ErrorFrame
  | DiffFrame
  | PushFrame
  | GotoFrame
  | TitleFrame
  | ReconnectFrame;

/**
 * The first frame on every transport attachment; it is not sequenced. Every other server
 * frame is: the session numbers them 1, 2, 3, ... and the client counts what it processed.
 * - `sid`: the session; the client sends it back (with `ack`) when it reconnects.
 * - `resumed`: 1 when the session and its views carried on (missed frames follow, in
 *   order, from `nextSeq`); 0 for a new session: the client joins its views again and
 *   recovers its forms.
 * - `lastRef`: the highest request ref the server received on this session; the client
 *   sends again the requests after it that are still unanswered.
 * - `nextSeq`: the sequence number of the next frame on this transport. Frames numbered at
 *   or below what the client already processed are duplicates and are dropped.
 * - `key`: the session's resume key. The client proves it to resume the session: in the
 *   `x-kinetic-key` header where it can set one (POSTs, long-poll), else as the `key` query
 *   parameter, after which it is spent and the next hello brings a new one.
 */
export type HelloFrame = readonly [
  's',
  sid: string,
  resumed: 0 | 1,
  lastRef: number,
  nextSeq: number,
  key: string,
];

/**
 * The answer to a request.
 * - join: body is the full render, `{t, s?, title?}`.
 * - event / url: body is the patch (absent or 0 when nothing changed), statics for new
 *   templates in the patch (or 0), and the handler's reply value for hooks.
 * - heartbeat / leave: no body.
 */
export type ReplyFrame =
  | readonly ['r', ref: number]
  | readonly ['r', ref: number, body: JoinReply]
  | readonly ['r', ref: number, patch: WirePatch | 0]
  | readonly ['r', ref: number, patch: WirePatch | 0, statics: StaticsTable | 0]
  | readonly ['r', ref: number, patch: WirePatch | 0, statics: StaticsTable | 0, reply: unknown];

export interface JoinReply {
  /** The full tree. */
  readonly t: WireDyn;
  /** Statics this connection has not received yet. */
  readonly s?: StaticsTable;
  /** The page title, when the view sets one. */
  readonly title?: string;
}

/**
 * A request failed, or (ref 0) the view failed outside a request. `view` is set when a
 * view is at fault, so the client can mark it with lv-error.
 */
export type ErrorFrame =
  | readonly ['x', ref: number, code: string, message: string]
  | readonly ['x', ref: number, code: string, message: string, view: number];

/** A server-initiated update (handleInfo, timers, pubsub): the patch and any new statics. */
export type DiffFrame =
  | readonly ['d', view: number, patch: WirePatch]
  | readonly ['d', view: number, patch: WirePatch, statics: StaticsTable];

/** socket.pushEvent: delivered to the view's hooks' handleEvent. */
export type PushFrame = readonly ['p', view: number, event: string, payload: unknown];

/**
 * Move the browser. kind 'r' redirect (full page load), 'p' patch (same view, pushState,
 * handleParams already ran on the server), 'n' navigate (another live view, no reload).
 * `replace` uses replaceState instead of pushState.
 */
export type GotoFrame =
  | readonly ['g', view: number, kind: 'r' | 'p' | 'n', url: string]
  | readonly ['g', view: number, kind: 'r' | 'p' | 'n', url: string, replace: 1];

/** The view's title() changed: the client sets document.title. */
export type TitleFrame = readonly ['t', view: number, title: string];

/** The server is going away (shutdown, deploy): reconnect after about `afterMs`. */
export type ReconnectFrame = readonly ['c', reason: string, afterMs: number];
