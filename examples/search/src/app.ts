import { html } from '@kinetic/core';
import { kinetic, type LayoutContext } from '@kinetic/transport';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { Search } from './search.js';

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

/** The live search app on a Fastify instance. */
export async function buildApp(options: FastifyServerOptions = {}) {
  const app = Fastify(options);
  await app.register(kinetic, {
    secret: secret(),
    layout,
  });
  app.live('/', Search);
  return app;
}

/** View tokens are signed with KINETIC_SECRET: set it in production (32+ random characters). */
function secret(): string {
  const value = process.env.KINETIC_SECRET;
  if (value !== undefined && value !== '') return value;
  // Anyone can read this one in the repository: it would let them forge view tokens.
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      'KINETIC_SECRET is not set. In production, set it to 32+ random characters (e.g. `openssl rand -base64 32`).',
    );
  }
  return 'development-only-secret-change-me-0123456789';
}
