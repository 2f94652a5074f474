import { type LiveRuntime, sessionUnknownError } from '@kinetic/core/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { attachRequest, Refusal } from './attach.js';

/**
 * Client->server frames for SSE and long-poll: a POST carrying one frame or a batch, bound
 * to its session by the session id and the browser's CSRF cookie, so nobody can post into
 * another user's session. Answers arrive on the stream or the next poll.
 */
export function postFrames(runtime: LiveRuntime, request: FastifyRequest, reply: FastifyReply) {
  const { sid, key, csrfCookie } = attachRequest(request);
  const session = runtime.sessions.find(sid, key, csrfCookie);
  if (session === undefined) return reply.code(404).send(Refusal.of(sessionUnknownError()).body);
  // Every content type arrives as text (see the plugin's parser): the protocol parser,
  // not a generic JSON body parser, decides what is malformed.
  session.receive(typeof request.body === 'string' ? request.body : '');
  return reply.code(204).send();
}
