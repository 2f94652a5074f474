import { KineticError } from '@kinetic/core';
import {
  type AttachRequest,
  type Channel,
  type LiveRuntime,
  type LiveSession,
  reportError,
} from '@kinetic/core/runtime';
import { PROTOCOL_VERSION, type TransportName } from '@kinetic/protocol';
import type { FastifyRequest } from 'fastify';
import { readCookie } from './cookies.js';

export const CSRF_COOKIE = '_kn_csrf';

interface LiveQuery {
  readonly vsn?: string;
  readonly sid?: string;
  readonly key?: string;
  readonly ack?: string;
}

/** The header carrying the session's resume key, where the client can set headers. */
export const KEY_HEADER = 'x-kinetic-key';

/** Headers a route guard may read from a live client's request. */
const GUARD_HEADERS = [
  'cookie',
  'authorization',
  'user-agent',
  'accept-language',
  // Where the browser really is: the probe asks for the same host, as the same scheme.
  'host',
  'x-forwarded-host',
  'x-forwarded-proto',
] as const;

const shortString = (v: unknown): string | undefined =>
  typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : undefined;

/** Reads what a transport request says about the session it resumes. */
export function attachRequest(request: FastifyRequest, transport?: TransportName): AttachRequest {
  const query = request.query as LiveQuery;
  const ack = Number(query.ack ?? 0);
  const headerKey = shortString(request.headers[KEY_HEADER]);
  const headers: Record<string, string> = {};
  for (const name of GUARD_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return {
    sid: shortString(query.sid),
    key: headerKey ?? shortString(query.key),
    keyInUrl: headerKey === undefined && query.key !== undefined,
    ack: Number.isSafeInteger(ack) && ack >= 0 ? ack : 0,
    csrfCookie: readCookie(request.headers.cookie, CSRF_COOKIE),
    ip: request.ip,
    context: { headers, ip: request.ip },
    transport,
    requestId: request.id,
  };
}

/** Why a transport request was turned away: an HTTP status, a stable code, a message. */
export class Refusal {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
  ) {}

  static of(error: KineticError): Refusal {
    return new Refusal(statusOf(error.code), error.code, error.message);
  }

  /** The JSON body of a refused HTTP request. */
  get body(): { code: string; message: string } {
    return { code: this.code, message: this.message };
  }
}

/**
 * Capacity and shutdown mean "try again later", a per-address cap "slow down", an unknown
 * session "start afresh".
 */
function statusOf(code: string): number {
  if (code === 'KN_ERR_CAPACITY' || code === 'KN_ERR_SHUTTING_DOWN') return 503;
  if (code === 'KN_ERR_TOO_MANY_CONNECTIONS' || code === 'KN_ERR_TOO_MANY_SESSIONS') return 429;
  if (code === 'KN_ERR_SESSION_UNKNOWN') return 404;
  return 400;
}

/**
 * Attaches a transport's channel to the session its request names (or a new one), or says
 * why not: a client built for another protocol version is told to reload, a full or
 * closing server to come back later. Every transport goes through here.
 */
export function attachSession(
  runtime: LiveRuntime,
  channel: Channel,
  request: FastifyRequest,
  transport: TransportName,
): LiveSession | Refusal {
  const vsn = (request.query as LiveQuery).vsn;
  if (vsn !== undefined && vsn !== String(PROTOCOL_VERSION)) {
    return new Refusal(
      400,
      'KN_ERR_PROTOCOL_VERSION',
      `KN_ERR_PROTOCOL_VERSION: the client speaks protocol version ${vsn}, this server speaks ${PROTOCOL_VERSION}. Reload the page.`,
    );
  }
  try {
    return runtime.sessions.attach(channel, attachRequest(request, transport));
  } catch (error) {
    if (!(error instanceof KineticError)) throw error;
    reportError(runtime.hooks, error, { ip: request.ip }, request.log);
    return Refusal.of(error);
  }
}
