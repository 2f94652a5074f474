import { html, secretFromEnv } from '@kinetic/core';
import { kinetic, type LayoutContext } from '@kinetic/transport';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { Clock } from './clock.js';

const layout = ({ content, title, head, nonce }: LayoutContext) => html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${title}</title>
    <style nonce="${nonce}">
  body { font-family: system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem; color: #1d2330; }
  button { font-size: 1.1rem; padding: .35rem .8rem; border-radius: .4rem; border: 1px solid #99a; background: #fff; cursor: pointer; }
  time { font-size: 4rem; font-variant-numeric: tabular-nums; }
    </style>
    ${head}
  </head>
  <body>${content}</body>
</html>`;

/** The clock app on a Fastify instance. */
export async function buildApp(options: FastifyServerOptions = {}) {
  const app = Fastify(options);
  await app.register(kinetic, {
    secret: secretFromEnv(),
    layout,
  });
  app.live('/', Clock);
  return app;
}
