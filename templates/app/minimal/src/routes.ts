import type { FastifyInstance } from 'fastify';
import { Home } from './views/home.js';

/** The app's live routes. `kinetic generate live|scaffold` adds its routes here. */
export function routes(app: FastifyInstance): void {
  app.live('/', Home);
}
