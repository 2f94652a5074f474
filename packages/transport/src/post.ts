import { type LiveRuntime, sessionUnknownError } from '@kinetic/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { attachRequest, Refusal } from './attach.js';

/**
 * Client->server frames for SSE and long-poll: a POST carrying one frame or a batch, bound
 * to its session by the session id and the browser's CSRF cookie, so nobody can post into
 * another user's session. Answers arrive on the stream or the next poll.
 */
export function postFrames(runtime: LiveRuntime, request: FastifyRequest, reply: FastifyReply) {
  const { sid, csrfCookie } = attachRequest(request);
  const session = runtime.sessions.find(sid, csrfCookie);
  if (session === undefined) return reply.code(404).send(Refusal.of(sessionUnknownError()).body);
  // text/plain arrives as a string; a client that sent JSON gets the same treatment.
  const body =
    typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? null);
  session.receive(body);
  return reply.code(204).send();
}
