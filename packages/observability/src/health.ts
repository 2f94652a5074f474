import { definePlugin, type Logger } from '@kinetic/core';
import type { FastifyKineticPlugin, KineticPluginApp } from '@kinetic/transport';
import type { onRequestHookHandler } from 'fastify';

export interface HealthOptions {
  /** The liveness endpoint: 200 while the process serves HTTP at all. Default `/healthz`. */
  readonly livePath?: string;
  /**
   * The readiness endpoint: 200 while the app takes new users, 503 from the moment a
   * graceful shutdown starts. Default `/readyz`.
   */
  readonly readyPath?: string;
  /**
   * More to readiness than not draining (a database reachable, a cache warmed): false, or a
   * throw, answers 503 `{ status: 'unready' }`. Asked at every probe, so keep it cheap.
   */
  readonly ready?: () => boolean | Promise<boolean>;
  /**
   * A guard for both endpoints (a token check, an allow-list). None by default: probes come
   * from the load balancer or the orchestrator, which hold no credentials.
   */
  readonly onRequest?: onRequestHookHandler;
}

/** What the endpoints answer, as JSON. */
export type HealthStatus = 'ok' | 'ready' | 'draining' | 'unready';

/**
 * Liveness and readiness endpoints. Readiness turns to 503 `draining` when a graceful
 * shutdown begins (onShutdown), before in-flight events drain, so a load balancer stops
 * sending new users while the live ones finish.
 *
 * Fastify answers every request with its own 503 while it closes, before any route runs,
 * unless the app is created with `return503OnClosing: false`: then the probe reaches this
 * plugin and gets `{ status: 'draining' }`, and the live transports' requests still reach
 * Kinetic during the drain. Either way a probe during shutdown sees a 503.
 * @example
 * const app = Fastify({ logger: true, return503OnClosing: false });
 * await app.register(kinetic, { secret, plugins: [health()] });
 */
export function health(options: HealthOptions = {}): FastifyKineticPlugin {
  return definePlugin<KineticPluginApp>('kinetic-health', (app) => {
    let draining = false;
    app.addHook('onShutdown', () => {
      draining = true;
    });

    // Probes come every few seconds: they would drown the request log.
    const route = {
      logLevel: 'silent' as const,
      ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
    };
    const answer = (status: HealthStatus) => ({ status });

    app.fastify.get(options.livePath ?? '/healthz', route, async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return answer('ok');
    });

    app.fastify.get(options.readyPath ?? '/readyz', route, async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      if (draining) return reply.code(503).send(answer('draining'));
      if (options.ready !== undefined && !(await readyCheck(options.ready, app.log))) {
        return reply.code(503).send(answer('unready'));
      }
      return answer('ready');
    });
  });
}

/** The app's own check; a throw counts as not ready, and is logged (the route itself is not). */
async function readyCheck(check: () => boolean | Promise<boolean>, log: Logger): Promise<boolean> {
  try {
    return (await check()) === true;
  } catch (error) {
    log.warn({ err: error }, 'the readiness check threw; answering 503');
    return false;
  }
}
