import { PROTOCOL_VERSION } from '@kinetic/protocol';

/**
 * The seam between the runtime and the wire. A transport moves one session's messages both
 * ways and reports when it is gone; the hello, sequence numbers, acks, fallback and
 * reconnecting stay in the session link, so each transport only implements these five.
 */
export interface Transport {
  /** Starts connecting. The server's hello is the first message once it is up. */
  open(): void;
  /** Sends one client message (a frame as JSON). Only called after the hello arrived. */
  send(message: string): void;
  /** Closes on the client's request; `onclose` does not fire for it. */
  close(): void;
  /** One server message as JSON text: a frame or a batch of frames. */
  onmessage: (message: string) => void;
  /** The transport is gone (or never opened); the session link decides what comes next. */
  onclose: (reason: string) => void;
}

/** The transports, in the order the client tries them. */
export type TransportName = 'websocket' | 'sse' | 'longpoll';

/** What a transport puts in its URLs: the session to resume and how far the client got. */
export interface SessionState {
  readonly sid: string | undefined;
  /** The sequence number of the last server frame processed. */
  readonly received: number;
}

/** Creates a transport for the live endpoint, e.g. `/_kinetic/live`, resolved against the page. */
export type TransportFactory = (livePath: string, session: SessionState) => Transport;

/**
 * `{livePath}/{endpoint}?vsn=1&sid=…&ack=N`. Read when a request starts, so a reconnect
 * (and each long-poll) carries the latest session and ack.
 */
export function liveUrl(
  livePath: string,
  endpoint: string,
  session: SessionState,
  ack = true,
): string {
  let url = `${livePath}/${endpoint}?vsn=${PROTOCOL_VERSION}`;
  if (session.sid !== undefined) {
    url += `&sid=${encodeURIComponent(session.sid)}`;
    if (ack) url += `&ack=${session.received}`;
  }
  return url;
}
