import type { FastifyInstance } from 'fastify';
import type { __Name__Store } from './__kebab__-store.js';
import { Memory__Name__Store } from './__kebab__-store.js';
import { __name__Views } from './__kebab__-views.js';

/**
 * The __humans__ pages: the list, one __human__, and the form to create or edit one. Pass a
 * store of your own to keep __humans__ somewhere else than in memory.
 */
export function __name__Routes(app: FastifyInstance, store?: __Name__Store): void {
  const views = __name__Views(store ?? new Memory__Name__Store());
  app.live('/__kebabs__', views.__Name__Index);
  app.live('/__kebabs__/new', views.__Name__Edit);
  app.live('/__kebabs__/:id', views.__Name__Show);
  app.live('/__kebabs__/:id/edit', views.__Name__Edit);
}
