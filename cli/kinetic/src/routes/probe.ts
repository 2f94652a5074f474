/**
 * Loaded into the app's process by `kinetic routes` (node --import): once the app's Fastify
 * instance is ready, prints its live routes as one JSON line and exits, before it listens.
 */
import { subscribe } from 'node:diagnostics_channel';
import { writeSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

/** The line `kinetic routes` reads from the app's stdout. */
export const ROUTES_MARK = 'KINETIC_ROUTES ';

interface RuntimeRoutes {
  liveRoutes(): ReadonlyArray<{ path: string; view: string }>;
}

subscribe('fastify.initialization', (message) => {
  const app = (message as { fastify: FastifyInstance }).fastify;
  app.addHook('onReady', async () => {
    const runtime = (app as unknown as { kinetic?: RuntimeRoutes }).kinetic;
    if (runtime === undefined) return;
    // Written synchronously: the process ends on the next line.
    writeSync(1, `${ROUTES_MARK}${JSON.stringify(runtime.liveRoutes())}\n`);
    process.exit(0);
  });
});
