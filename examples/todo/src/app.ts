import { html, secretFromEnv } from '@kinetic/core';
import { type KineticOptions, kinetic, type LayoutContext } from '@kinetic/transport';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { todoView } from './todo.js';
import { Todos } from './todos.js';

const layout = ({ content, title, head, nonce }: LayoutContext) => html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${title}</title>
    <style nonce="${nonce}">
  body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #1d2330; }
  form.todo-form { display: grid; gap: .4rem; margin: 1rem 0; }
  .error { color: #b22; font-size: .9rem; }
  [aria-invalid="true"] { border-color: #b22; }
  #flash { background: #e8f5e9; padding: .4rem .8rem; border-radius: .4rem; }
  #todos li { margin: .4rem 0; }
  #todos li.done .title { text-decoration: line-through; color: #778; }
  .meta { color: #778; font-size: .85rem; }
  button { padding: .3rem .7rem; }
    </style>
    ${head}
  </head>
  <body>${content}</body>
</html>`;

/** The todo app at /; the todos live in this process. */
export async function buildApp(
  options: FastifyServerOptions = {},
  live: Partial<KineticOptions> = {},
) {
  const app = Fastify(options);
  await app.register(kinetic, { secret: secretFromEnv(), layout, ...live });
  app.live('/', todoView(new Todos()));
  return app;
}
