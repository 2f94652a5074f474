import type { FastifyInstance } from 'fastify';
import { Counter } from './views/counter.js';

/** The app's live routes. `kinetic generate live|scaffold` adds its routes here. */
export function routes(app: FastifyInstance): void {
  app.live('/', Counter);
}
