/**
 * The seam between the runtime and the wire. A transport moves text frames both ways and
 * reports when it can send and when it is gone; reconnecting, heartbeats and frame meaning
 * stay in the connection, so SSE+POST or long-poll transports only implement these five.
 */
export interface Transport {
  /** Starts connecting; `onopen` fires once frames can be sent. */
  open(): void;
  /** Sends one frame. Only called between `onopen` and `onclose`. */
  send(frame: string): void;
  /** Closes on the client's request; `onclose` does not fire for it. */
  close(): void;
  onopen: () => void;
  onmessage: (frame: string) => void;
  /** The transport is gone (or never opened); the connection decides whether to retry. */
  onclose: (reason: string) => void;
}

/** Creates a transport for the live endpoint, e.g. `/_kinetic/live`, resolved against the page. */
export type TransportFactory = (livePath: string) => Transport;
