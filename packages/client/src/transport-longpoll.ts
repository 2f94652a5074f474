import { postQueue } from './post-queue.js';
import { keyHeaders, liveUrl, type Transport, type TransportFactory } from './transport.js';

/**
 * Long-polling at `{livePath}/poll`, the last resort (proxies that buffer event streams):
 * each GET returns the hello and the messages after its `ack`, or is held until there are
 * some; the next poll starts at once and so acknowledges what this one brought.
 * Client→server is POSTs to the same path.
 */
export const longPollTransport: TransportFactory = (livePath, session) => {
  let polling: AbortController | undefined;
  const lost = (reason: string): void => {
    if (!polling) return;
    transport.close();
    transport.onclose(reason);
  };
  const posts = postQueue(() => liveUrl(livePath, 'poll', session, { ack: false }), session, lost);

  const poll = async (signal: AbortSignal): Promise<void> => {
    // The first poll asks for the hello at once (a resume must know what to send again);
    // later ones are held until there is something to say.
    let hello = '&hello=1';
    while (!signal.aborted) {
      const response = await fetch(liveUrl(livePath, 'poll', session) + hello, {
        signal,
        cache: 'no-store',
        credentials: 'same-origin',
        headers: keyHeaders(session),
      });
      if (!response.ok) throw new Error(`poll answered ${response.status}`);
      hello = '';
      const messages = (await response.json()) as unknown[];
      // A message may close this transport (a `c` frame, a bad frame): stop reading then.
      for (const message of messages) {
        if (!signal.aborted) transport.onmessage(JSON.stringify(message));
      }
    }
  };

  const transport: Transport = {
    onmessage() {},
    onclose() {},
    open() {
      const controller = new AbortController();
      polling = controller;
      poll(controller.signal).catch((error: unknown) => {
        if (polling === controller) lost(String(error));
      });
    },
    send: posts.send,
    close() {
      polling?.abort();
      polling = undefined;
      posts.close();
    },
  };
  return transport;
};
