import { type Channel, clientStuckError, type LiveRuntime } from '@kinetic/core/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { attachSession, Refusal } from './attach.js';

/**
 * Server-Sent Events for server->client (client->server goes by POST, see post.ts): for
 * networks where WebSockets are blocked. Each event's data is one server message.
 */
export function openEventStream(
  runtime: LiveRuntime,
  request: FastifyRequest,
  reply: FastifyReply,
  keepAliveMs: number,
): void {
  const res = reply.raw;
  let open = true;
  let cutOff = false;
  const channel: Channel = {
    send: (message) => {
      if (!open) return;
      res.write(`data: ${message}\n\n`);
      // A reader that stopped reading: its queued bytes must not grow past the outbox bound.
      if (res.writableLength > runtime.outboxBytes) {
        const error = clientStuckError(undefined, res.writableLength);
        request.log.warn({ buffered: res.writableLength }, error.message);
        open = false;
        cutOff = true;
        res.destroy();
      }
    },
    close: (code, reason) => {
      if (!open) return;
      open = false;
      res.end(`event: close\ndata: ${JSON.stringify([code, reason])}\n\n`);
    },
  };
  reply.hijack();
  res.writeHead(200, {
    // The security headers the endpoint's hook set on the reply, before it was hijacked.
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Asks reverse proxies (nginx and the like) not to buffer the stream.
    'x-accel-buffering': 'no',
  });
  const session = attachSession(runtime, channel, request, 'sse');
  if (session instanceof Refusal) {
    open = false;
    res.end(
      `event: refused\ndata: ${JSON.stringify([session.status, session.code, session.message])}\n\n`,
    );
    return;
  }
  // Comments keep idle proxies from timing the stream out.
  const keepAlive = setInterval(() => {
    if (open) res.write(': keep-alive\n\n');
  }, keepAliveMs);
  keepAlive.unref();
  request.raw.on('close', () => {
    open = false;
    clearInterval(keepAlive);
    session.detach(channel, cutOff ? 'slow' : 'closed');
  });
}
