import { type AnyView, type LiveRuntime, newCsrfToken, type SessionData } from '@kinetic/core';
import { escapeHtml, raw } from '@kinetic/diff';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_COOKIE } from './attach.js';
import { csrfCookie, readCookie } from './cookies.js';
import { isGuardProbe } from './guard.js';
import { type Layout, renderLayout } from './layout.js';

/** What the HTTP render of a live route needs from the plugin. */
export interface PageContext {
  readonly runtime: LiveRuntime;
  readonly layout: Layout;
  readonly livePath: string;
  readonly scriptPath: string;
  readonly session: ((request: FastifyRequest) => SessionData | Promise<SessionData>) | undefined;
}

/** The GET handler of a live route: mount, render, and the page around the view. */
export function pageHandler(
  context: PageContext,
  view: AnyView,
  routeOptions: { readonly layout?: Layout; readonly title?: string } | undefined,
) {
  const { runtime, livePath, scriptPath } = context;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    // The route's guards have run and let this URL through: that is all a probe asks.
    if (isGuardProbe(request)) return reply.code(204).send();
    let csrf = readCookie(request.headers.cookie, CSRF_COOKIE);
    if (csrf === undefined || !/^[\w-]{16,64}$/.test(csrf)) {
      csrf = newCsrfToken();
      reply.header('set-cookie', csrfCookie(CSRF_COOKIE, csrf, request.protocol === 'https'));
    }
    const session = (await context.session?.(request)) ?? {};
    const url = new URL(request.url, `${request.protocol}://${request.host}`);
    const page = await runtime.renderPage(
      view,
      url,
      request.params as Record<string, string>,
      session,
      csrf,
    );
    const head = raw(
      `<meta name="kinetic-csrf" content="${escapeHtml(csrf)}">` +
        `<meta name="kinetic-live-path" content="${escapeHtml(livePath)}">` +
        `<script defer src="${escapeHtml(scriptPath)}"></script>`,
    );
    const body = renderLayout(routeOptions?.layout ?? context.layout, {
      content: raw(page.html),
      title: page.title ?? routeOptions?.title ?? view.name,
      head,
    });
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(body);
  };
}
