import { type Channel, KineticError, type LiveRuntime } from '@kinetic/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { attachRequest, refusal, refusalStatus, versionError } from './attach.js';

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
  const wrongVersion = versionError(request);
  if (wrongVersion) {
    void reply.code(400).send(refusal(wrongVersion));
    return;
  }
  const res = reply.raw;
  let open = true;
  const channel: Channel = {
    send: (message) => {
      if (open) res.write(`data: ${message}\n\n`);
    },
    close: (code, reason) => {
      if (!open) return;
      open = false;
      res.end(`event: close\ndata: ${JSON.stringify([code, reason])}\n\n`);
    },
  };
  reply.hijack();
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Asks reverse proxies (nginx and the like) not to buffer the stream.
    'x-accel-buffering': 'no',
  });
  let session: ReturnType<LiveRuntime['sessions']['attach']>;
  try {
    session = runtime.sessions.attach(channel, attachRequest(request));
  } catch (error) {
    const e =
      error instanceof KineticError ? error : new KineticError('KN_ERR_CAPACITY', String(error));
    res.end(`event: refused\ndata: ${JSON.stringify([refusalStatus(e), e.code, e.message])}\n\n`);
    open = false;
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
    session.detach(channel);
  });
}
