import type { ViewInstance } from '@kinetic/core/runtime';
import type { Payload } from './form.js';

/** Options of reconnect(). */
export interface ReconnectOptions {
  /** How long the tab stays offline before it reconnects (default 0): what the server sends meanwhile waits in the session. */
  readonly offlineMs?: number;
}

/** What reconnect() found: whether the server resumed the session or started a new one. */
export interface Reconnected {
  /** The same session: the view kept its state, and the frames the tab missed were replayed. */
  readonly resumed: boolean;
}

/**
 * How a test view reaches the server side of its view: in process (mount) or through the
 * app over a real WebSocket (live). Each call resolves once its outcome is in the
 * ClientState, the way the browser has it after the reply.
 */
export interface ViewDriver {
  readonly mode: 'mount' | 'live';
  /** The running view on the server, when this driver can reach it. */
  readonly instance: ViewInstance | undefined;
  /** Sends an event; resolves with the handler's reply value. */
  event(event: string, payload: Payload, target: string | undefined): Promise<unknown>;
  /** The URL changed within the view (lv-patch, back/forward). */
  patch(url: URL): Promise<void>;
  /** Live navigation: the page's view is replaced by the one `url` renders. */
  navigate(url: URL): Promise<void>;
  /** Delivers a message to the view's handleInfo, as a timer or pubsub would. */
  info(message: unknown): Promise<void>;
  /** Moves the clock of the view's timers. */
  advance(ms: number): Promise<void>;
  /** Drops the connection and reconnects, resuming the session if the server still has it. */
  reconnect(options: ReconnectOptions): Promise<Reconnected>;
  close(): Promise<void>;
}
