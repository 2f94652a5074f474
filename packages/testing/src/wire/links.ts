/**
 * The three transports as a Node process speaks them, each reduced to what the session
 * needs (send a client message, stop), as the browser runtime's transports are. The
 * hello, sequence numbers, acks and resume stay in LiveClient.
 */
import type { TransportName } from '@kinetic/protocol';
import WebSocket from 'ws';

/** One attachment of a session to the server. */
export interface Link {
  /** Sends one client message (a frame or a batch, as JSON). */
  send(text: string): void;
  /** Drops the attachment at once, as a network blip does. */
  stop(): void;
  /** Closes it as a browser tab closing does; resolves once the server saw it. */
  close(): Promise<void>;
  /** The WebSocket, on that transport (benchmarks hold connections by it). */
  readonly webSocket?: WebSocket;
}

/** What a link reports to its session. */
export interface LinkEvents {
  /** One server message as JSON text. */
  message(text: string): void;
  /** The server closed the WebSocket (code and reason), or refused the attachment. */
  closed(code: number, reason: string): void;
}

/** Where and how to attach: the resume query, the headers a browser would send. */
export interface LinkRequest {
  /** `http://host:port/_kinetic/live`. */
  readonly live: string;
  /** The query for this attachment (`vsn=1&sid=…&ack=…`, and the key where no header can carry it). */
  readonly query: (withKey: boolean) => string;
  /** Cookie, Origin and extra headers; `withKey` adds x-kinetic-key (fetches only). */
  readonly headers: (withKey: boolean) => Record<string, string>;
  /** The session's sid, for POSTs; undefined until the first hello. */
  readonly sid: () => string | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function openLink(transport: TransportName, request: LinkRequest, on: LinkEvents): Link {
  if (transport === 'websocket') return webSocketLink(request, on);
  return transport === 'sse' ? eventStreamLink(request, on) : pollLink(request, on);
}

function webSocketLink({ live, query, headers }: LinkRequest, on: LinkEvents): Link {
  const ws = new WebSocket(`${live.replace(/^http/, 'ws')}/websocket?${query(true)}`, {
    headers: headers(false),
  });
  // Frames are handled synchronously, in order: a reply's patch must be applied before a
  // `d` frame that follows it in the same TCP read, or the trees would diverge.
  ws.on('message', (data) => on.message(data.toString()));
  ws.on('close', (code, reason) => on.closed(code, reason.toString()));
  ws.on('unexpected-response', (_request, response) => {
    response.resume();
    on.closed(response.statusCode ?? 0, `HTTP ${response.statusCode}`);
  });
  ws.on('error', () => {});
  return {
    webSocket: ws,
    send: (text) => {
      if (ws.readyState === ws.OPEN) ws.send(text);
    },
    stop: () => {
      ws.removeAllListeners('close');
      ws.on('error', () => {});
      ws.terminate();
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === ws.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close(1000, 'test done');
      }),
  };
}

/** SSE and long-poll send with POSTs: the frames of one tick in one POST, POSTs in order. */
function poster(endpoint: 'sse' | 'poll', { live, headers, sid }: LinkRequest) {
  const outgoing: string[] = [];
  let posting: Promise<void> = Promise.resolve();
  return (text: string): void => {
    if (outgoing.push(text) > 1) return;
    queueMicrotask(() => {
      const batch = `[${outgoing.splice(0).join(',')}]`;
      const id = sid();
      if (id === undefined) return;
      posting = posting.then(() =>
        fetch(`${live}/${endpoint}?vsn=1&sid=${encodeURIComponent(id)}`, {
          method: 'POST',
          headers: { ...headers(true), 'content-type': 'text/plain;charset=UTF-8' },
          body: batch,
        }).then(
          (response) => void response.arrayBuffer(),
          () => {},
        ),
      );
    });
  };
}

function eventStreamLink(request: LinkRequest, on: LinkEvents): Link {
  const abort = new AbortController();
  let running = true;
  const stop = () => {
    running = false;
    abort.abort();
  };
  const read = async (): Promise<void> => {
    try {
      const response = await fetch(`${request.live}/sse?${request.query(true)}`, {
        headers: request.headers(false),
        signal: abort.signal,
      });
      // A refusal is reported, then retried as a dropped stream is.
      if (!response.ok) on.closed(response.status, await response.text());
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = event.split('\n').find((line) => line.startsWith('data: '));
          if (data && !event.startsWith('event:')) on.message(data.slice(6));
          else if (data && event.startsWith('event: refused')) {
            const [status, code] = JSON.parse(data.slice(6)) as [number, string];
            on.closed(status, code);
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Stopped, or the server dropped the stream.
    }
    if (running) {
      // The server went away under us: reattach, as the browser runtime does.
      await sleep(5);
      if (running) void read();
    }
  };
  void read();
  return { send: poster('sse', request), stop, close: async () => stop() };
}

function pollLink(request: LinkRequest, on: LinkEvents): Link {
  const abort = new AbortController();
  let running = true;
  const stop = () => {
    running = false;
    abort.abort();
  };
  void (async () => {
    // The first poll of an attachment asks for the hello at once.
    let hello = true;
    while (running) {
      try {
        const response = await fetch(
          `${request.live}/poll?${request.query(false)}${hello ? '&hello=1' : ''}`,
          { headers: request.headers(true), signal: abort.signal },
        );
        // A refusal is reported, then retried as a dropped connection is.
        if (!response.ok) on.closed(response.status, await response.clone().text());
        const messages = (await response.json()) as unknown[];
        if (!running) return;
        for (const message of messages) on.message(JSON.stringify(message));
        hello = false;
      } catch {
        // The server dropped the connection under us: poll again, asking for the hello.
        if (!running) return;
        await sleep(5);
        hello = true;
      }
    }
  })();
  return { send: poster('poll', request), stop, close: async () => stop() };
}
