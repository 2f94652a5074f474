import { html, secretFromEnv } from '@kinetic/core';
import { type KineticOptions, kinetic, type LayoutContext } from '@kinetic/transport';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { Games } from './game.js';
import { ticTacToe } from './tictactoe.js';

const layout = ({ content, title, head, nonce }: LayoutContext) => html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${title}</title>
    <style nonce="${nonce}">
  body { font-family: system-ui, sans-serif; max-width: 30rem; margin: 2rem auto; padding: 0 1rem; color: #1d2330; }
  .board { display: grid; grid-template-columns: repeat(3, 5rem); gap: .4rem; margin: 1rem 0; }
  .cell { width: 5rem; height: 5rem; font-size: 2.4rem; border-radius: .5rem; border: 1px solid #99a; background: #fff; cursor: pointer; }
  .cell:disabled { cursor: default; color: #1d2330; }
  .board.pending .cell { opacity: .7; }
  #notice { color: #a33; min-height: 1.2rem; }
  #restart { font-size: 1.05rem; padding: .35rem .8rem; }
    </style>
    ${head}
  </head>
  <body>${content}</body>
</html>`;

/** Tic-tac-toe at /games/:game, the games kept in this process. */
export async function buildApp(
  options: FastifyServerOptions = {},
  live: Partial<KineticOptions> = {},
) {
  const app = Fastify(options);
  await app.register(kinetic, { secret: secretFromEnv(), layout, ...live });
  app.get('/', (_request, reply) => reply.redirect('/games/lobby'));
  app.live('/games/:game', ticTacToe(new Games()));
  return app;
}
