import { html, secretFromEnv } from '@kinetic/core';
import { health, metrics } from '@kinetic/observability';
import { kinetic, type LayoutContext } from '@kinetic/transport';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { Search } from './search.js';
import { SearchJsx } from './search-jsx.js';

const layout = ({ content, title, head, nonce }: LayoutContext) => html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${title}</title>
    <style nonce="${nonce}">
  body { font-family: system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem; color: #1d2330; }
  button { font-size: 1.1rem; padding: .35rem .8rem; border-radius: .4rem; border: 1px solid #99a; background: #fff; cursor: pointer; }
  input[type=search] { font-size: 1.2rem; padding: .4rem .6rem; width: 100%; box-sizing: border-box; }
  ul { padding-left: 1.2rem; } li { margin: .25rem 0; }
  .meta { color: #667; font-size: .9rem; }
  mark { background: #fde68a; }
    </style>
    ${head}
  </head>
  <body>${content}</body>
</html>`;

export interface AppOptions {
  /** Serve the view's JSX twin (search-jsx.tsx) instead of the html one: same page, same events. */
  readonly jsx?: boolean;
}

/** The live search app on a Fastify instance. */
export async function buildApp(
  options: FastifyServerOptions = {},
  { jsx = false }: AppOptions = {},
) {
  const app = Fastify(options);
  await app.register(kinetic, {
    secret: secretFromEnv(),
    layout,
    // Prometheus metrics at /metrics, /healthz and /readyz (docs/observability.md).
    plugins: [metrics(), health()],
  });
  app.live('/', jsx ? SearchJsx : Search);
  return app;
}
