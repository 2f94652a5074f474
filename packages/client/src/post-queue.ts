import { KineticClientError, report } from './errors.js';
import { keyHeaders, type SessionState } from './transport.js';

/** Sends client messages as POSTs; see `postQueue`. */
export interface PostQueue {
  send(message: string): void;
  /** Stops sending; a POST in flight is left to finish, its outcome ignored. */
  close(): void;
}

/**
 * Client→server for the SSE and long-poll transports. Messages sent in one tick travel as
 * one POST (a batch), and only one POST is in flight at a time: two concurrent requests may
 * reach the server in either order, and frames must be handled in the order they were sent.
 * Any failure loses the transport; the session link resumes and sends again what the
 * server did not receive.
 */
export function postQueue(
  url: () => string,
  session: SessionState,
  lost: (reason: string) => void,
): PostQueue {
  let queue: string[] = [];
  let busy = false;
  let closed = false;

  const fail = (reason: string): void => {
    if (closed) return;
    closed = true;
    lost(reason);
  };

  const flush = (): void => {
    if (closed || queue.length === 0) {
      busy = false;
      return;
    }
    const body = queue.length === 1 ? (queue[0] as string) : `[${queue.join(',')}]`;
    queue = [];
    fetch(url(), {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { 'content-type': 'text/plain;charset=UTF-8', ...keyHeaders(session) },
    }).then(async (response) => {
      if (response.ok) return flush();
      // A refusal says why as {code, message}; an unknown session is only a lost transport.
      const refusal = (await response.json().catch(() => ({}))) as Record<string, string>;
      const { code = `HTTP ${response.status}`, message = response.statusText } = refusal;
      if (response.status !== 404) report(new KineticClientError(code, message));
      fail(code);
    }, fail);
  };

  return {
    send(message) {
      queue.push(message);
      if (busy) return;
      busy = true;
      queueMicrotask(flush);
    },
    close() {
      closed = true;
      queue = [];
    },
  };
}
