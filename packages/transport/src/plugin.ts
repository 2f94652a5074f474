import websocket from '@fastify/websocket';
import { type AnyView, LiveRuntime, type RuntimeOptions, type SessionData } from '@kinetic/core';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { loadClientBundle } from './client-assets.js';
import { badOptions, originRefused } from './errors.js';
import { defaultLayout, type Layout } from './layout.js';
import { poll } from './long-poll.js';
import { originAllowed } from './origin.js';
import { type PageContext, pageHandler } from './page.js';
import { postFrames } from './post.js';
import { openEventStream } from './sse.js';
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
  /** Interval of SSE keep-alive comments. Default 15 s. */
  readonly sseKeepAliveMs?: number;
}

/** Options of one live route. */
export interface LiveRouteOptions {
  /** A layout for this route instead of the app's. */
  readonly layout?: Layout;
  /** Title used when the view has no title(). */
  readonly title?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Declares a live route.
     * @example app.live('/counter', Counter)
     */
    live(path: string, view: AnyView, options?: LiveRouteOptions): FastifyInstance;
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
  const transport = new WebSocketTransport(runtime, options.heartbeatMs ?? 30_000);

  app.decorate('kinetic', runtime);

  app.get(scriptPath, (_request, reply) => {
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(client.body);
  });

  // On close, sessions tell their clients to reconnect before any socket goes away; this
  // replaces @fastify/websocket's own preClose, which would close the sockets first.
  const shutdown = async () => {
    transport.stop();
    await runtime.sessions.shutdown(
      options.reconnectAfterMs ?? 1000,
      options.shutdownDeadlineMs ?? 10_000,
    );
  };
  await app.register(websocket, {
    options: { maxPayload: options.maxPayload ?? runtime.maxFrameBytes * 4 },
    preClose: shutdown,
  });

  // Every live endpoint checks Origin: other sites must not drive a user's session.
  const checkOrigin = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!originAllowed(request.headers.origin, request.headers.host, options.origins)) {
      const error = originRefused(String(request.headers.origin));
      request.log.warn({ origin: request.headers.origin }, error.message);
      await reply.code(error.statusCode).send({ code: error.code, message: error.message });
    }
  };
  const live = `${prefix}/live`;
  const bodyLimit = runtime.maxFrameBytes * 4;

  app.get(
    `${live}/websocket`,
    { websocket: true, preValidation: checkOrigin },
    (socket, request) => {
      transport.accept(socket, request);
    },
  );
  app.get(`${live}/sse`, { preValidation: checkOrigin }, (request, reply) => {
    openEventStream(runtime, request, reply, options.sseKeepAliveMs ?? 15_000);
  });
  app.get(`${live}/poll`, { preValidation: checkOrigin }, (request, reply) =>
    poll(runtime, request, reply, options.longPollMs ?? 25_000),
  );
  for (const path of [`${live}/sse`, `${live}/poll`]) {
    app.post(path, { preValidation: checkOrigin, bodyLimit }, (request, reply) =>
      postFrames(runtime, request, reply),
    );
  }

  const page: PageContext = {
    runtime,
    layout,
    livePath: live,
    scriptPath,
    session: options.session,
  };
  app.decorate(
    'live',
    function live(
      this: FastifyInstance,
      path: string,
      view: AnyView,
      routeOptions?: LiveRouteOptions,
    ) {
      runtime.route(path, view);
      this.get(path, pageHandler(page, view, routeOptions));
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
