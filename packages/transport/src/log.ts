import type { FastifyRequest } from 'fastify';

/**
 * How live endpoints' requests appear in logs: without their query, which carries the
 * session id and, on WebSocket and event-stream URLs, the session's resume key.
 */
export function redactedRequest(request: FastifyRequest) {
  const at = request.url.indexOf('?');
  return {
    method: request.method,
    url: at === -1 ? request.url : `${request.url.slice(0, at)}?…`,
    host: request.host,
    remoteAddress: request.ip,
  };
}
