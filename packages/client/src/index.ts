import { installBindings } from './bindings.js';
import { LiveSocket } from './connection.js';
import type { Hook } from './hooks.js';
import { installNavigation } from './navigation.js';
import type { TransportFactory } from './transport.js';
import { webSocketTransport } from './transport-websocket.js';

// Starting the runtime.
export interface ConnectOptions {
  /** Hooks by name, for `lv-hook="Name"`; `window.KineticHooks` is the fallback. */
  hooks?: Record<string, Hook>;
  /** How frames travel; a WebSocket by default. */
  transport?: TransportFactory;
  /** The live endpoint; defaults to `<meta name="kinetic-live-path">`, else `/_kinetic/live`. */
  livePath?: string;
  /** The CSRF token sent at join; defaults to `<meta name="kinetic-csrf">`. */
  csrf?: string;
}

/** A running connection, as `connect()` returns it. */
export interface KineticSocket {
  /** True while the connection is up (views may still be joining). */
  readonly connected: boolean;
  /** Closes the connection and removes every listener; the page stays as it is. */
  disconnect(): void;
}

const meta = (name: string) =>
  document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? undefined;

/**
 * Joins every live view on the page (`[data-live-view]`, nested ones too) over one
 * connection, and wires the lv-* bindings. The prebuilt `kinetic.min.js` calls it by itself.
 * @example
 * import { connect } from '@kinetic/client';
 * connect({ hooks: { Focus: { mounted() { this.el.focus(); } } } });
 */
export function connect(options: ConnectOptions = {}): KineticSocket {
  const controller = new AbortController();
  const socket = new LiveSocket({
    hooks: options.hooks,
    transport: options.transport ?? webSocketTransport,
    livePath: options.livePath ?? meta('kinetic-live-path') ?? '/_kinetic/live',
    csrf: options.csrf ?? meta('kinetic-csrf') ?? '',
  });
  socket.syncViews();
  installBindings(socket, controller.signal);
  installNavigation(socket, controller.signal);
  socket.open();
  return {
    get connected() {
      return socket.connected;
    },
    disconnect() {
      controller.abort();
      socket.disconnect();
    },
  };
}

export type { ClientErrorCode } from './errors.js';
// Errors.
/** Errors the runtime reports, with stable codes. */
export { KineticClientError } from './errors.js';
// Hooks: client code on lv-hook elements.
/** The shape of a hook and of its `this`. */
export type { Hook, HookContext } from './hooks.js';
// Transports.
/** The seam a transport implements; the WebSocket one is the default. */
export type { Transport, TransportFactory } from './transport.js';
export { webSocketTransport } from './transport-websocket.js';
