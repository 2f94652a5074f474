import { secretFromEnv } from '@kinetic/core';
import { kinetic } from '@kinetic/transport';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { loadAssets } from 'kinetic/server';
import { layout } from './layout.js';
import { routes } from './routes.js';

/**
 * The app on a Fastify instance, not yet listening: main.ts listens, tests pass `buildApp`
 * to `live()` from @kinetic/testing.
 */
export async function buildApp(options: FastifyServerOptions = {}) {
  const app = Fastify(options);
  // Stylesheets: hashed and cached for good after `kinetic build`, read fresh in development.
  const assets = loadAssets();
  await app.register(assets.plugin);
  await app.register(kinetic, {
    // View tokens are signed with KINETIC_SECRET (in .env, or the environment). Without it a
    // development value stands in, and production refuses to start (KN_ERR_SECRET).
    secret: secretFromEnv(),
    layout: layout(assets),
    ...assets.kineticOptions,
  });
  routes(app);
  return app;
}
