import type { FastifyReply, FastifyRequest } from 'fastify';
import { type TransportError, tlsRequired } from './errors.js';

/**
 * The `securityHeaders` option: header name to value; `false` drops a default, a new name adds a header.
 * @example { 'x-frame-options': 'DENY', 'referrer-policy': false, 'permissions-policy': 'camera=()' }
 */
export type SecurityHeadersOptions = Readonly<Record<string, string | false>>;

/** The plugin options that decide the headers and TLS handling of every Kinetic response. */
export interface TransportSecurityOptions {
  readonly securityHeaders?: SecurityHeadersOptions | false;
  readonly requireTLS?: boolean;
  readonly hstsMaxAge?: number;
}

const DEFAULT_HEADERS: SecurityHeadersOptions = {
  'x-content-type-options': 'nosniff',
  // For browsers without CSP frame-ancestors; the policy says the same.
  'x-frame-options': 'SAMEORIGIN',
  // Full URLs (paths, ?q= searches) stay on this origin; other sites see the origin only, and
  // nothing on a downgrade to http. same-origin would also hide the origin, which is not secret.
  'referrer-policy': 'strict-origin-when-cross-origin',
};

/**
 * Sets Kinetic's security headers on a response: the `securityHeaders` defaults and overrides,
 * and with `requireTLS`, Strict-Transport-Security on HTTPS. Call it from every endpoint.
 */
export function applySecurityHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  options: TransportSecurityOptions,
): void {
  if (options.securityHeaders !== false) {
    for (const [name, value] of Object.entries({
      ...DEFAULT_HEADERS,
      ...lowerCaseKeys(options.securityHeaders),
    })) {
      if (value !== false) reply.header(name, value);
    }
  }
  // Browsers ignore HSTS over plain HTTP, and it commits the whole domain: only when asked.
  if (options.requireTLS === true && request.protocol === 'https') {
    reply.header(
      'strict-transport-security',
      `max-age=${options.hstsMaxAge ?? 31_536_000}; includeSubDomains`,
    );
  }
}

/**
 * With `requireTLS`, a live endpoint reached over plain HTTP is refused: the session's frames
 * and cookies must not cross the network in clear. `request.protocol` honours trustProxy.
 */
export function tlsRefusal(
  request: FastifyRequest,
  options: TransportSecurityOptions,
): TransportError | undefined {
  if (options.requireTLS !== true || request.protocol === 'https') return undefined;
  return tlsRequired();
}

/** With `requireTLS`, where a plain-HTTP page request goes instead (GET and HEAD only). */
export function httpsRedirect(
  request: FastifyRequest,
  options: TransportSecurityOptions,
): string | undefined {
  if (options.requireTLS !== true || request.protocol === 'https') return undefined;
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  // The hostname without the HTTP port: HTTPS is served on its default port.
  return `https://${request.hostname}${request.url}`;
}

function lowerCaseKeys(headers: SecurityHeadersOptions | undefined): SecurityHeadersOptions {
  const out: Record<string, string | false> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}
