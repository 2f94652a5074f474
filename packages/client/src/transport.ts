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
export type { TransportName } from '@kinetic/protocol';

/** What a transport tells the server: the session to resume, its key, how far the client got. */
export interface SessionState {
  readonly sid: string | undefined;
  /** The session's resume key, from the last hello. */
  readonly key: string | undefined;
  /** The sequence number of the last server frame processed. */
  readonly received: number;
}

/** The header that carries the resume key on requests that can set headers. */
export const KEY_HEADER = 'x-kinetic-key';

/** Headers for a fetch of the live endpoint: the resume key, kept out of the URL. */
export function keyHeaders(session: SessionState): Record<string, string> {
  return session.key === undefined ? {} : { [KEY_HEADER]: session.key };
}

/** Creates a transport for the live endpoint, e.g. `/_kinetic/live`, resolved against the page. */
export type TransportFactory = (livePath: string, session: SessionState) => Transport;

/**
 * `{livePath}/{endpoint}?vsn=1&sid=…&ack=N`. Read when a request starts, so a reconnect
 * (and each long-poll) carries the latest session and ack. `withKey` adds the resume key,
 * for the requests that cannot carry headers (WebSocket, EventSource); the server spends
 * a key seen in a URL and the hello brings the next.
 */
export function liveUrl(
  livePath: string,
  endpoint: string,
  session: SessionState,
  { ack = true, withKey = false }: { ack?: boolean; withKey?: boolean } = {},
): string {
  let url = `${livePath}/${endpoint}?vsn=${PROTOCOL_VERSION}`;
  if (session.sid !== undefined) {
    url += `&sid=${encodeURIComponent(session.sid)}`;
    if (ack) url += `&ack=${session.received}`;
    if (withKey && session.key !== undefined) url += `&key=${encodeURIComponent(session.key)}`;
  }
  return url;
}
