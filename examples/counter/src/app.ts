import { html, secretFromEnv } from '@kinetic/core';
import { health, metrics } from '@kinetic/observability';
import { kinetic, type LayoutContext } from '@kinetic/transport';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { Counter } from './counter.js';
import { CounterJsx } from './counter-jsx.js';

const layout = ({ content, title, head, nonce }: LayoutContext) => html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${title}</title>
    <style nonce="${nonce}">
  body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #1d2330; }
  .row { display: flex; align-items: center; gap: 1rem; margin: 1.5rem 0; }
  output { font-size: 3rem; min-width: 4ch; text-align: center; font-variant-numeric: tabular-nums; }
  button { font-size: 1.25rem; padding: .4rem .9rem; border-radius: .4rem; border: 1px solid #99a; background: #fff; cursor: pointer; }
  button.step { font-size: 2rem; width: 3.5rem; }
  [lv-click].lv-click-loading { opacity: .6; }
    </style>
    ${head}
  </head>
  <body>${content}</body>
</html>`;

export interface AppOptions {
  /** Serve the view's JSX twin (counter-jsx.tsx) instead of the html one: same page, same events. */
  readonly jsx?: boolean;
}

/** The counter app on a Fastify instance. */
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
  app.live('/', jsx ? CounterJsx : Counter);
  return app;
}
