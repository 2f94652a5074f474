import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type CspOptions, compilePolicy, newNonce } from './csp.js';
import { errorPage, newErrorId, notFoundPage, statusPage } from './error-page.js';
import { applySecurityHeaders, type TransportSecurityOptions } from './security-headers.js';

/** What the app-wide 404 and error pages need from the plugin. */
export interface AppErrorOptions {
  readonly security: TransportSecurityOptions & { readonly csp?: CspOptions | false };
  readonly exposeErrors: boolean;
  /** Kinetic's own endpoints: their answers are the protocol's, never a page. */
  readonly prefix: string;
  readonly notFoundPage: boolean;
  readonly errorPage: boolean;
}

/**
 * Browsers that load a URL no route has, or whose route throws, get a page like the live
 * pages' own (security headers, CSP with a nonce); everyone else (fetch, curl, JSON
 * clients, the live endpoints) gets Fastify's JSON as before. Set on the app's root scope,
 * so an app that wants its own handlers there turns these off (`notFoundPage: false`,
 * `errorPage: false`): Fastify throws on a second not-found handler in one scope, and
 * warns (FSTWRN004) on a second error handler.
 */
export function installAppErrorPages(app: FastifyInstance, options: AppErrorOptions): void {
  const policy = compilePolicy(options.security.csp);
  const ours = (request: FastifyRequest) =>
    request.url === options.prefix || request.url.startsWith(`${options.prefix}/`);
  /** Headers of a page, as on a live page; returns the nonce for its <style>. */
  const pageHeaders = (request: FastifyRequest, reply: FastifyReply) => {
    applySecurityHeaders(request, reply, options.security);
    const nonce = newNonce();
    if (policy !== undefined) reply.header(...policy(nonce));
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    return nonce;
  };

  if (options.notFoundPage) {
    app.setNotFoundHandler((request, reply) => {
      const { method, url } = request.raw;
      // Fastify's own 404 log line and body, for everything that is not a browser's page load.
      request.log.info(`Route ${method}:${url} not found`);
      if ((method !== 'GET' && method !== 'HEAD') || ours(request) || !wantsHtml(request)) {
        return reply.code(404).send({
          message: `Route ${method}:${url} not found`,
          error: 'Not Found',
          statusCode: 404,
        });
      }
      const nonce = pageHeaders(request, reply);
      return reply.code(404).send(notFoundPage(undefined, options.exposeErrors, nonce));
    });
  }

  if (options.errorPage) {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      // Thrown on, an error reaches Fastify's default handler: its JSON, its log line.
      if (ours(request) || !wantsHtml(request)) throw error;
      const status = statusOf(error, reply);
      // As Fastify's handler does: a 405's Allow, a 401's WWW-Authenticate, a 429's Retry-After.
      const headers = (error as { headers?: Record<string, string> }).headers;
      if (headers !== undefined) reply.headers(headers);
      const nonce = pageHeaders(request, reply);
      if (status < 500) {
        request.log.info({ err: error }, error.message);
        return reply
          .code(status)
          .send(
            status === 404
              ? notFoundPage(error, options.exposeErrors, nonce)
              : statusPage(status, error, options.exposeErrors, nonce),
          );
      }
      const errorId = newErrorId();
      request.log.error({ err: error, errorId }, `${request.method} ${request.url} failed`);
      // No X-Kinetic-Error: kinetic dev would show its overlay of a live view's failure for
      // it; this page, with the message and stack in development, says more.
      return reply.code(status).send(errorPage(error, errorId, options.exposeErrors, nonce));
    });
  }
}

/** The status Fastify's default handler answers: one the route set, the error's, else 500. */
function statusOf(error: FastifyError, reply: FastifyReply): number {
  if (reply.statusCode >= 400 && reply.statusCode <= 599) return reply.statusCode;
  const own = error.statusCode ?? (error as { status?: unknown }).status;
  return typeof own === 'number' && own >= 400 && own <= 599 ? own : 500;
}

/**
 * Whether the client asked for HTML over JSON: a browser's page load says text/html (or
 * XHTML); fetch() and curl send *\/*, which keeps the JSON.
 */
export function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  if (typeof accept !== 'string') return false;
  let html = 0;
  let json = 0;
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2)) || 0;
    if (type === 'text/html' || type === 'application/xhtml+xml') html = Math.max(html, weight);
    else if (type === 'application/json') json = Math.max(json, weight);
  }
  return html > 0 && html >= json;
}
