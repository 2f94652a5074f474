import { installBindings } from './bindings.js';
import { PageSocket } from './connection.js';
import type { Hook } from './hooks.js';
import { installNavigation } from './navigation.js';
import { isTransportName } from './session-link.js';
import type { TransportName } from './transport.js';

declare global {
  interface Window {
    /** Forces a transport for the prebuilt runtime, like `<meta name="kinetic-transport">`. */
    KineticTransport?: TransportName;
  }
}

// Starting the runtime.
export interface ConnectOptions {
  /** Hooks by name, for `lv-hook="Name"`; `window.KineticHooks` is the fallback. */
  hooks?: Record<string, Hook>;
  /**
   * Forces a transport. By default the client tries a WebSocket, then Server-Sent Events,
   * then long-polling, and keeps the first that works for the page's lifetime. Defaults to
   * `window.KineticTransport`, else `<meta name="kinetic-transport">`.
   */
  transport?: TransportName;
  /** The live endpoint; defaults to `<meta name="kinetic-live-path">`, else `/_kinetic/live`. */
  livePath?: string;
  /** The CSRF token sent at join; defaults to `<meta name="kinetic-csrf">`. */
  csrf?: string;
}

/** A running connection, as `connect()` returns it. */
export interface KineticSocket {
  /** True while the connection is up (views may still be joining). */
  readonly connected: boolean;
  /** The transport in use, or being tried while connecting. */
  readonly transport: TransportName | undefined;
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
  const transport = options.transport ?? window.KineticTransport ?? meta('kinetic-transport');
  const socket = new PageSocket({
    hooks: options.hooks,
    transport: isTransportName(transport) ? transport : undefined,
    livePath: options.livePath ?? meta('kinetic-live-path') ?? '/_kinetic/live',
    csrf: options.csrf ?? meta('kinetic-csrf') ?? '',
  });
  socket.syncViews();
  installBindings(socket, controller.signal);
  installNavigation(socket, controller.signal);
  // A reconnect waiting out its backoff goes at once when the user is back or the network is.
  const wake = () => document.visibilityState === 'visible' && socket.wake();
  const { signal } = controller;
  addEventListener('online', wake, { signal });
  document.addEventListener('visibilitychange', wake, { signal });
  socket.open();
  return {
    get connected() {
      return socket.connected;
    },
    get transport() {
      return socket.transport;
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
/** The seam each transport implements, and their names for `connect({transport})`. */
export type { SessionState, Transport, TransportFactory, TransportName } from './transport.js';
