import { type AnyView, isNotFound, type SessionData } from '@kinetic/core';
import { type LiveRuntime, newCsrfToken } from '@kinetic/core/runtime';
import { escapeHtml, raw } from '@kinetic/diff';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_COOKIE } from './attach.js';
import { compressHtml } from './compression.js';
import { csrfCookie, readCookie } from './cookies.js';
import { type CspOptions, compilePolicy, newNonce } from './csp.js';
import { errorPage, forbiddenPage, newErrorId, notFoundPage } from './error-page.js';
import { isGuardProbe } from './guard.js';
import { type Layout, renderLayout } from './layout.js';
import {
  applySecurityHeaders,
  httpsRedirect,
  type TransportSecurityOptions,
} from './security-headers.js';

/** The plugin options a page response follows. */
export interface PageSecurityOptions extends TransportSecurityOptions {
  readonly csp?: CspOptions | false;
}

/** What the HTTP render of a live route needs from the plugin. */
export interface PageContext {
  readonly runtime: LiveRuntime;
  readonly layout: Layout;
  readonly livePath: string;
  readonly scriptPath: string;
  readonly session: ((request: FastifyRequest) => SessionData | Promise<SessionData>) | undefined;
  readonly security: PageSecurityOptions;
  /** Kinetic answers 404s itself; false: a view's notFound() goes to the app's not-found handler. */
  readonly notFoundPage: boolean;
  /** Kinetic answers 403s and 500s itself; false: they go to the app's error handler. */
  readonly errorPage: boolean;
}

/** The GET handler of a live route: mount, render, and the page around the view. */
export function pageHandler(
  context: PageContext,
  view: AnyView,
  routeOptions: { readonly layout?: Layout; readonly title?: string } | undefined,
) {
  const { runtime, livePath, scriptPath, security } = context;
  // Compiled at app.live(), so a bad csp option fails at startup.
  const policy = compilePolicy(security.csp);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    // The route's guards have run and let this URL through: that is all a probe asks. Probes
    // are in-process requests of a live connection, which had its own TLS check.
    if (isGuardProbe(request)) return reply.code(204).send();
    applySecurityHeaders(request, reply, security);
    const https = httpsRedirect(request, security);
    if (https !== undefined) return reply.redirect(https, 301);
    const nonce = newNonce();
    if (policy !== undefined) reply.header(...policy(nonce));
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    let csrf = readCookie(request.headers.cookie, CSRF_COOKIE);
    if (csrf === undefined || !/^[\w-]{16,64}$/.test(csrf)) {
      csrf = newCsrfToken();
      reply.header('set-cookie', csrfCookie(CSRF_COOKIE, csrf, request.protocol === 'https'));
    }
    try {
      const session = (await context.session?.(request)) ?? {};
      const url = new URL(request.url, `${request.protocol}://${request.host}`);
      const page = await runtime.renderPage(
        view,
        url,
        request.params as Record<string, string>,
        session,
        csrf,
        request.ip,
      );
      const head = raw(
        `<meta name="kinetic-csrf" content="${escapeHtml(csrf)}">` +
          `<meta name="kinetic-live-path" content="${escapeHtml(livePath)}">` +
          `<script defer src="${escapeHtml(scriptPath)}" nonce="${nonce}"></script>`,
      );
      const body = renderLayout(routeOptions?.layout ?? context.layout, {
        content: raw(page.html),
        title: page.title ?? routeOptions?.title ?? view.name,
        head,
        nonce,
      });
      return reply.send(compressHtml(request, reply, body, security));
    } catch (error) {
      // A 4xx an app's session() threw on purpose (e.g. 401) is Fastify's to answer.
      if (isClientError(error)) throw error;
      if (codeOf(error) === 'KN_ERR_FORBIDDEN' || codeOf(error) === 'KN_ERR_REFUSED') {
        request.log.info({ err: error }, `live page ${view.name} refused: ${messageOf(error)}`);
        // The app's error handler finds the status on the reply, as for its own routes.
        if (!context.errorPage) {
          reply.code(403).removeHeader('content-type');
          throw error;
        }
        return reply.code(403).send(forbiddenPage(error, runtime.exposeErrors, nonce));
      }
      if (isNotFound(error)) {
        request.log.info({ err: error }, `live page ${view.name} said notFound()`);
        if (!context.notFoundPage) return reply.removeHeader('content-type').callNotFound();
        return reply.code(404).send(notFoundPage(error, runtime.exposeErrors, nonce));
      }
      // Mount or render failures (KN_ERR_VIEW_MOUNT, KN_ERR_VIEW_RENDER) and layout bugs.
      if (!context.errorPage) {
        reply.code(500).removeHeader('content-type');
        throw error;
      }
      const errorId = newErrorId();
      request.log.error({ err: error, errorId }, `live page ${view.name} failed to render`);
      return reply
        .code(500)
        .header('x-kinetic-error', errorId)
        .send(errorPage(error, errorId, runtime.exposeErrors, nonce));
    }
  };
}

function isClientError(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code;
