import { html, secretFromEnv } from '@kinetic/core';
import { kinetic, type LayoutContext } from '@kinetic/transport';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { Thermostat } from './thermostat.js';
import { ThermostatJsx } from './thermostat-jsx.js';

const layout = ({ content, title, head, nonce }: LayoutContext) => html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${title}</title>
    <style nonce="${nonce}">
  body { font-family: system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem; color: #1d2330; }
  button { font-size: 1.1rem; padding: .35rem .8rem; border-radius: .4rem; border: 1px solid #99a; background: #fff; cursor: pointer; }
  .temp { font-size: 3.5rem; font-variant-numeric: tabular-nums; margin: 1rem 0; }
  .gauge { height: .6rem; background: #e3e6ee; border-radius: .3rem; overflow: hidden; }
  .gauge > span { display: block; height: 100%; background: linear-gradient(90deg, #3b82f6, #ef4444); }
  .modes button[aria-pressed="true"] { background: #1d2330; color: #fff; }
    </style>
    ${head}
  </head>
  <body>${content}</body>
</html>`;

export interface AppOptions {
  /** Serve the view's JSX twin (thermostat-jsx.tsx) instead of the html one: same page, same events. */
  readonly jsx?: boolean;
}

/** The thermostat app on a Fastify instance. */
export async function buildApp(
  options: FastifyServerOptions = {},
  { jsx = false }: AppOptions = {},
) {
  const app = Fastify(options);
  await app.register(kinetic, {
    secret: secretFromEnv(),
    layout,
  });
  app.live('/', jsx ? ThermostatJsx : Thermostat);
  return app;
}
