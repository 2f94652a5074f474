import { html, secretFromEnv } from '@kinetic/core';
import { health, metrics } from '@kinetic/observability';
import { type KineticOptions, kinetic, type LayoutContext } from '@kinetic/transport';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { chatView } from './chat.js';
import { RoomHistory } from './history.js';

const layout = ({ content, title, head, nonce }: LayoutContext) => html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${title}</title>
    <style nonce="${nonce}">
  body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #1d2330; }
  [data-live-view] { display: grid; grid-template-columns: 1fr 12rem; gap: 0 2rem; }
  header, form, #typing { grid-column: 1 / -1; }
  header { display: flex; align-items: baseline; gap: 1.5rem; }
  nav a { margin-right: .6rem; color: #345; }
  nav a.here { font-weight: bold; text-decoration: none; }
  aside { grid-column: 2; grid-row: 2; }
  aside ul { list-style: none; padding: 0; }
  #messages { grid-column: 1; grid-row: 2; list-style: none; padding: 0; min-height: 12rem; }
  #messages li { margin: .3rem 0; }
  time, .meta { color: #778; font-size: .85rem; }
  input { font-size: 1.05rem; padding: .35rem .6rem; width: 70%; }
  button { font-size: 1.05rem; padding: .35rem .8rem; border-radius: .4rem; border: 1px solid #99a; background: #fff; cursor: pointer; }
    </style>
    ${head}
  </head>
  <body>${content}</body>
</html>`;

/**
 * The chat app on a Fastify instance: rooms at /rooms/:room. One process holds everything
 * (pubsub, presence, the last messages) in memory; `kinetic` options pass through, e.g. a
 * shorter graceMs in tests so a closed tab leaves sooner.
 */
export async function buildApp(
  options: FastifyServerOptions = {},
  live: Partial<KineticOptions> = {},
) {
  const app = Fastify(options);
  await app.register(kinetic, {
    secret: secretFromEnv(),
    layout,
    plugins: [metrics(), health()],
    ...live,
  });
  app.get('/', (_request, reply) => reply.redirect('/rooms/lobby'));
  app.live('/rooms/:room', chatView(new RoomHistory()));
  return app;
}
