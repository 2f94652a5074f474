import { KineticClientError, report } from './errors.js';
import { postQueue } from './post-queue.js';
import { liveUrl, type Transport, type TransportFactory } from './transport.js';

/**
 * Server-Sent Events at `{livePath}/sse` for server→client (one message per event), POSTs
 * to the same path for client→server. For networks that block WebSocket upgrades.
 */
export const sseTransport: TransportFactory = (livePath, session) => {
  let source: EventSource | undefined;
  const lost = (reason: string): void => {
    if (!source) return;
    transport.close();
    transport.onclose(reason);
  };
  const posts = postQueue(() => liveUrl(livePath, 'sse', session, { ack: false }), session, lost);
  const transport: Transport = {
    onmessage() {},
    onclose() {},
    open() {
      const es = new EventSource(liveUrl(livePath, 'sse', session, { withKey: true }));
      source = es;
      es.onmessage = (e: MessageEvent<string>) => {
        if (source === es) transport.onmessage(e.data);
      };
      // A refusal (capacity, shutdown) says why before the stream ends.
      es.addEventListener('refused', (e) => {
        const [, code, message] = JSON.parse((e as MessageEvent<string>).data) as string[];
        report(new KineticClientError(code as string, message as string));
      });
      // EventSource would reconnect by itself, without the sid and ack a resume needs.
      es.onerror = () => {
        if (source === es) lost('the event stream failed');
      };
    },
    send: posts.send,
    close() {
      source?.close();
      source = undefined;
      posts.close();
    },
  };
  return transport;
};
