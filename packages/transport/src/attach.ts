import { type AttachRequest, KineticError, type LiveRuntime } from '@kinetic/core';
import { PROTOCOL_VERSION } from '@kinetic/protocol';
import type { FastifyRequest } from 'fastify';
import { readCookie } from './cookies.js';

export const CSRF_COOKIE = '_kn_csrf';

interface LiveQuery {
  readonly vsn?: string;
  readonly sid?: string;
  readonly ack?: string;
}

/** Reads what a transport request says about the session it resumes. */
export function attachRequest(request: FastifyRequest): AttachRequest {
  const query = request.query as LiveQuery;
  const ack = Number(query.ack ?? 0);
  return {
    sid: typeof query.sid === 'string' && query.sid.length <= 64 ? query.sid : undefined,
    ack: Number.isSafeInteger(ack) && ack >= 0 ? ack : 0,
    csrfCookie: readCookie(request.headers.cookie, CSRF_COOKIE),
  };
}

/** A client built for another protocol version is told to reload, not left guessing. */
export function versionError(request: FastifyRequest): KineticError | undefined {
  const vsn = (request.query as LiveQuery).vsn;
  if (vsn === undefined || vsn === String(PROTOCOL_VERSION)) return undefined;
  return new KineticError(
    'KN_ERR_BAD_VIEW',
    `the client speaks protocol version ${vsn}, this server speaks ${PROTOCOL_VERSION}. Reload the page.`,
  );
}

/** The body a refused transport request gets. */
export const refusal = (error: KineticError) => ({ code: error.code, message: error.message });

/** Status for a refusal: capacity and shutdown mean "try again later". */
export function refusalStatus(error: KineticError): number {
  if (error.code === 'KN_ERR_CAPACITY' || error.code === 'KN_ERR_SHUTTING_DOWN') return 503;
  if (error.code === 'KN_ERR_SESSION_UNKNOWN') return 404;
  return 400;
}

export type { LiveRuntime };
