import websocket from '@fastify/websocket';
import type { AnyView, SessionData } from '@kinetic/core';
import {
  frameTooLargeError,
  LiveRuntime,
  type RuntimeOptions,
  reportError,
} from '@kinetic/core/runtime';
import type {
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  onRequestHookHandler,
  preHandlerHookHandler,
} from 'fastify';
import { installAppErrorPages } from './app-errors.js';
import { Refusal } from './attach.js';
import { loadClientBundle } from './client-assets.js';
import { precompressedFor } from './compression.js';
import type { CspOptions } from './csp.js';
import { badOptions, originRefused } from './errors.js';
import { probeGuards } from './guard.js';
import { defaultLayout, type Layout } from './layout.js';
import { redactedRequest } from './log.js';
import { poll } from './long-poll.js';
import { originAllowed } from './origin.js';
import { type PageContext, pageHandler } from './page.js';
import { type FastifyKineticPlugin, PluginScopes } from './plugins.js';
import { postFrames } from './post.js';
import {
  applySecurityHeaders,
  type SecurityHeadersOptions,
  tlsRefusal,
} from './security-headers.js';
import { openEventStream } from './sse.js';
import { unusedSocketCloser } from './unused-sockets.js';
import { WebSocketTransport } from './websocket.js';

export interface KineticOptions extends RuntimeOptions {
  /** Where Kinetic mounts its own endpoints. Default `/_kinetic`. */
  readonly prefix?: string;
  /** The app's root layout. */
  readonly layout?: Layout;
  /** Origins allowed to open live connections. Default: the page's own origin only. */
  readonly origins?: readonly string[];
  /** Session data for mount, from the request (e.g. the signed-in user). Signed into the view token. */
  readonly session?: (request: FastifyRequest) => SessionData | Promise<SessionData>;
  /** Interval of WebSocket pings; a peer silent for one interval is dropped. Default 30 s. */
  readonly heartbeatMs?: number;
  /** Largest WebSocket message the socket layer accepts before our own check. Default 4x maxFrameBytes. */
  readonly maxPayload?: number;
  /** Path of a prebuilt client bundle, instead of @kinetic/client's. */
  readonly clientBundle?: string;
  /** How long clients wait before reconnecting after a shutdown. Default 1000 ms. */
  readonly reconnectAfterMs?: number;
  /** How long a graceful shutdown may take before sessions are cut. Default 10 s. */
  readonly shutdownDeadlineMs?: number;
  /** How long a long-poll request is held when there is nothing to send. Default 25 s. */
  readonly longPollMs?: number;
  /**
   * How long a long-poll session keeps its connection slot (maxConnections,
   * maxConnectionsPerIp) after a poll is answered, waiting for the next one; 0 gives it
   * back at once. Default 5 s.
   */
  readonly longPollGapMs?: number;
  /** Interval of SSE keep-alive comments. Default 15 s. */
  readonly sseKeepAliveMs?: number;
  /**
   * Headers on every Kinetic response, over the defaults (`X-Content-Type-Options: nosniff`,
   * `X-Frame-Options: SAMEORIGIN`, `Referrer-Policy: strict-origin-when-cross-origin`);
   * `false` for a value drops that header, `false` for the option sends none.
   * @example securityHeaders: { 'x-frame-options': 'DENY' }
   */
  readonly securityHeaders?: SecurityHeadersOptions | false;
  /**
   * The live pages' Content-Security-Policy, with a fresh nonce per response (layouts get it
   * as `nonce`). `false` sends none.
   * @example csp: { directives: { 'img-src': ["'self'", 'data:', 'https://images.example.com'] } }
   */
  readonly csp?: CspOptions | false;
  /**
   * HTTPS only: plain-HTTP page requests are redirected (301), live connections refused, and
   * HTTPS responses carry Strict-Transport-Security. Behind a TLS-terminating proxy, set
   * Fastify's `trustProxy` so `X-Forwarded-Proto` counts. Default false.
   */
  readonly requireTLS?: boolean;
  /** Strict-Transport-Security max-age in seconds, with `requireTLS`. Default one year. */
  readonly hstsMaxAge?: number;
  /**
   * Brotli or gzip, as the browser accepts, for the client script (compressed once at
   * startup) and live pages over 1 KB (not for cross-site loads: see BREACH in
   * docs/security.md). Default true.
   */
  readonly compression?: boolean;
  /**
   * A page for browsers' GET/HEAD of a URL no route has (others keep Fastify's JSON 404),
   * also shown when a view throws notFound(). Set on the app's root, where Fastify allows one
   * not-found handler: `false` to set your own (a view's notFound() then reaches it).
   * Default true.
   */
  readonly notFoundPage?: boolean;
  /**
   * A page for browsers when an app's own route throws: a 500 with an error id (the log has
   * the error with it), or the error's 4xx; others keep Fastify's JSON. `false` to set your
   * own root error handler without Fastify's FSTWRN004 override warning; a live page that
   * authorize() refuses (403) or whose mount or render throws (500) then reaches it too,
   * with the status on the reply. Default true.
   */
  readonly errorPage?: boolean;
  /**
   * Kinetic plugins for the whole app, set up in order (their hooks run in that order).
   * `app.useKinetic(plugin)` adds one to a Fastify context instead: its view hooks then run
   * for that context's live routes only.
   * @example plugins: [metrics(), health()]
   */
  readonly plugins?: readonly FastifyKineticPlugin[];
}

/** Options of one live route. */
export interface LiveRouteOptions {
  /** A layout for this route instead of the app's. */
  readonly layout?: Layout;
  /** Title used when the view has no title(). */
  readonly title?: string;
  /**
   * Route guards, as on any Fastify route. They run for the page, and Kinetic asks them
   * again whenever a live client wants another URL of this route (a join elsewhere than
   * its page, an lv-patch, back/forward): what they refuse, the live connection refuses.
   * Hooks of an encapsulating plugin (`scope.addHook('preHandler', …)`) count the same.
   */
  readonly onRequest?: onRequestHookHandler | onRequestHookHandler[];
  readonly preHandler?: preHandlerHookHandler | preHandlerHookHandler[];
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Declares a live route.
     * @example app.live('/counter', Counter)
     */
    live(path: string, view: AnyView, options?: LiveRouteOptions): FastifyInstance;
    /**
     * Sets up a Kinetic plugin in this Fastify context: its view hooks run for the live
     * routes of this context (and those inside it) only.
     * @example app.register(async (admin) => { await admin.useKinetic(auditTrail); admin.live('/admin', Admin); })
     */
    useKinetic(plugin: FastifyKineticPlugin): Promise<void>;
    /** The Kinetic runtime behind this app. */
    kinetic: LiveRuntime;
  }
}

const plugin: FastifyPluginAsync<KineticOptions> = async (app, options) => {
  if (options === undefined || typeof options.secret !== 'string') {
    throw badOptions(
      'secret is required (at least 32 characters, e.g. from process.env.KINETIC_SECRET)',
    );
  }
  const prefix = (options.prefix ?? '/_kinetic').replace(/\/$/, '');
  const runtime = new LiveRuntime({ ...options, logger: options.logger ?? app.log });
  const layout = options.layout ?? defaultLayout;
  const client = loadClientBundle(options.clientBundle);
  const scriptPath = `${prefix}/${client.fileName}`;
  const transport = new WebSocketTransport(
    runtime,
    options.heartbeatMs ?? 30_000,
    runtime.outboxBytes,
  );
  // Route guards (the app's hooks on a live route) decide live URL changes too.
  runtime.urlGuard = async (url, client) =>
    (await probeGuards(app, url, client.headers, client.ip)).allowed;

  app.decorate('kinetic', runtime);
  const scopes = new PluginScopes(runtime, app, prefix);
  app.decorate(
    'useKinetic',
    function useKinetic(this: FastifyInstance, plugin: FastifyKineticPlugin) {
      return scopes.use(this, plugin);
    },
  );
  for (const plugin of options.plugins ?? []) await scopes.use(app, plugin);

  app.get(scriptPath, (request, reply) => {
    applySecurityHeaders(request, reply, options);
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(
        options.compression === false
          ? client.body
          : precompressedFor(request, reply, client.encoded),
      );
  });

  // On close, sessions tell their clients to reconnect before any socket goes away; this
  // replaces @fastify/websocket's own preClose, which would close the sockets first.
  const closeUnused = unusedSocketCloser(app);
  const shutdown = async () => {
    transport.stop();
    await runtime.sessions.shutdown(
      options.reconnectAfterMs ?? 1000,
      options.shutdownDeadlineMs ?? 10_000,
    );
    // A client that went away mid-poll may leave a connection that never sent a byte.
    closeUnused();
    // Every view has left its topics: the pubsub and presence adapters can go.
    await runtime.channels.close();
  };
  await app.register(websocket, {
    options: { maxPayload: options.maxPayload ?? runtime.maxFrameBytes * 4 },
    preClose: shutdown,
    // A socket error is the peer's doing (bad UTF-8, an oversized or broken frame, a reset):
    // a warning, or a hostile client could fill the error log at will.
    errorHandler: (error, socket, request) => {
      request.log.warn(
        { err: { message: error.message } },
        'live WebSocket dropped: %s',
        error.message,
      );
      // A message over maxPayload never reaches the session's own size check: report it here.
      if ((error as { code?: unknown }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        const tooLarge = frameTooLargeError(undefined, runtime.maxFrameBytes);
        reportError(runtime.hooks, tooLarge, { ip: request.ip }, request.log);
      }
      socket.terminate();
    },
  });

  // Every live endpoint checks Origin (other sites must not drive a user's session) and
  // the per-address caps, before a WebSocket upgrade, so a refusal is a plain HTTP answer.
  const admit = async (request: FastifyRequest, reply: FastifyReply) => {
    applySecurityHeaders(request, reply, options);
    const tls = tlsRefusal(request, options);
    if (tls !== undefined) {
      reportError(runtime.hooks, tls, { ip: request.ip }, request.log);
      return reply.code(tls.statusCode).send({ code: tls.code, message: tls.message });
    }
    const expected = `${request.protocol}://${request.host}`;
    if (!originAllowed(request.headers.origin, expected, options.origins)) {
      const error = originRefused(String(request.headers.origin));
      request.log.warn({ origin: request.headers.origin }, error.message);
      reportError(runtime.hooks, error, { ip: request.ip }, request.log);
      return reply.code(error.statusCode).send({ code: error.code, message: error.message });
    }
    const resumes = typeof (request.query as { sid?: unknown }).sid === 'string';
    const refused = runtime.sessions.refusal(request.ip, resumes);
    if (refused !== undefined) {
      reportError(runtime.hooks, refused, { ip: request.ip }, request.log);
      const refusal = Refusal.of(refused);
      return reply.code(refusal.status).send(refusal.body);
    }
  };
  const live = `${prefix}/live`;
  const bodyLimit = runtime.maxFrameBytes * 4;
  // Session ids and keys travel in these URLs: logs get the path only.
  const routeOptions = { preValidation: admit, logSerializers: { req: redactedRequest } };

  app.get(`${live}/websocket`, { ...routeOptions, websocket: true }, (socket, request) => {
    transport.accept(socket, request);
  });
  app.get(`${live}/sse`, routeOptions, (request, reply) => {
    openEventStream(runtime, request, reply, options.sseKeepAliveMs ?? 15_000);
  });
  app.get(`${live}/poll`, routeOptions, (request, reply) =>
    poll(runtime, request, reply, options.longPollMs ?? 25_000, options.longPollGapMs ?? 5000),
  );
  await app.register(async (posts) => {
    // Frames are read as text whatever the content type: the protocol parser, with its own
    // limits, decides what is malformed (a deeply nested JSON body is a 400, not a crash).
    posts.removeAllContentTypeParsers();
    // A body over the limit is answered 413 before the session sees it: reported here.
    posts.addHook('onError', async (request, _reply, error) => {
      if ((error as { code?: unknown }).code !== 'FST_ERR_CTP_BODY_TOO_LARGE') return;
      const length = Number(request.headers['content-length']);
      const tooLarge = frameTooLargeError(
        Number.isSafeInteger(length) ? length : undefined,
        runtime.maxFrameBytes,
      );
      reportError(runtime.hooks, tooLarge, { ip: request.ip }, request.log);
    });
    posts.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_request, body, done) =>
      done(null, body),
    );
    for (const path of [`${live}/sse`, `${live}/poll`]) {
      posts.post(path, { ...routeOptions, bodyLimit }, (request, reply) =>
        postFrames(runtime, request, reply),
      );
    }
  });

  const notFoundPage = options.notFoundPage !== false;
  const errorPage = options.errorPage !== false;
  installAppErrorPages(app, {
    security: options,
    exposeErrors: runtime.exposeErrors,
    prefix,
    notFoundPage,
    errorPage,
  });

  const page: PageContext = {
    runtime,
    layout,
    livePath: live,
    scriptPath,
    session: options.session,
    security: options,
    notFoundPage,
    errorPage,
  };
  app.decorate(
    'live',
    function live(
      this: FastifyInstance,
      path: string,
      view: AnyView,
      routeOptions?: LiveRouteOptions,
    ) {
      runtime.route(path, view, scopes.of(this));
      const hooks = {
        ...(routeOptions?.onRequest === undefined ? {} : { onRequest: routeOptions.onRequest }),
        ...(routeOptions?.preHandler === undefined ? {} : { preHandler: routeOptions.preHandler }),
      };
      this.get(path, hooks, pageHandler(page, view, routeOptions));
      return this;
    },
  );
};

// Registered at the app's level (not encapsulated), so app.live is visible to the app.
(plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
(plugin as unknown as Record<symbol, string>)[Symbol.for('fastify.display-name')] = 'kinetic';

/**
 * The Kinetic Fastify plugin.
 * @example
 * const app = Fastify();
 * await app.register(kinetic, { secret: process.env.KINETIC_SECRET ?? '' });
 * app.live('/counter', Counter);
 */
export const kinetic = plugin;
