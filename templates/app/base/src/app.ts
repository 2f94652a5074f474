import { randomBytes } from 'node:crypto';
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
    secret: secret(app.log),
    layout: layout(assets),
    ...assets.kineticOptions,
  });
  routes(app);
  return app;
}

/** View tokens are signed with KINETIC_SECRET: set it in production (32+ random characters). */
function secret(log: { warn(message: string): void }): string {
  const value = process.env.KINETIC_SECRET;
  if (value !== undefined && value !== '') return value;
  if (process.env.NODE_ENV !== 'production') return 'development-secret-do-not-use-in-production';
  // A random secret is safe but lives only as long as this process: after a restart, open
  // pages must reload. Set KINETIC_SECRET so they reconnect instead.
  log.warn('KINETIC_SECRET is not set: using a random secret for this process.');
  return randomBytes(32).toString('base64url');
}
