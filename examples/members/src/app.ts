import { html, secretFromEnv } from '@kinetic/core';
import { escapeHtml } from '@kinetic/diff';
import { kinetic, type LayoutContext } from '@kinetic/transport';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { localPath, Membership } from './membership.js';
import { NoteStore, notebookView } from './notebook.js';

const layout = ({ content, title, head, nonce }: LayoutContext) => html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${title}</title>
    <style nonce="${nonce}">
  body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #1d2330; }
  input { font-size: 1.1rem; padding: .35rem .6rem; }
  button { font-size: 1.1rem; padding: .35rem .8rem; border-radius: .4rem; border: 1px solid #99a; background: #fff; cursor: pointer; }
  .meta { color: #667; font-size: .9rem; }
    </style>
    ${head}
  </head>
  <body>${content}</body>
</html>`;

/** The sign-in page: plain HTML, no live view. */
const signInPage = (next: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head>
<body><main>
  <h1>Sign in</h1>
  <form method="post" action="/login">
    <input type="hidden" name="next" value="${escapeHtml(next)}">
    <label>Your name <input id="name" name="name" pattern="[a-z][a-z0-9\\-]{0,31}" required autofocus></label>
    <button type="submit">Sign in</button>
  </form>
  <p>Any lower-case name will do: this is a demo of guarded live routes.</p>
</main></body></html>`;

/**
 * Members' notebooks: a sign-in cookie, a route guard on the live route, and a view whose
 * authorize() lets only the owner in. See docs/security.md.
 */
export async function buildApp(options: FastifyServerOptions = {}) {
  const app = Fastify(options);
  const secret = secretFromEnv();
  const members = new Membership(secret);
  await app.register(kinetic, {
    secret,
    layout,
    // Signed into each page's view token: what authorize() and mount see as `session`.
    session: (request) => ({ member: members.memberOf(request) ?? '' }),
  });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );

  app.get('/', async (request, reply) => {
    const member = members.memberOf(request);
    return reply.redirect(member === undefined ? '/login' : `/notes/${member}`);
  });
  app.get('/login', async (request, reply) => {
    const next = localPath((request.query as { next?: unknown }).next);
    return reply.type('text/html; charset=utf-8').send(signInPage(next));
  });
  app.post('/login', async (request, reply) => {
    const body = (request.body ?? {}) as { name?: unknown; next?: unknown };
    const cookie = members.cookieFor(String(body.name ?? ''), request.protocol === 'https');
    if (cookie === undefined) return reply.redirect('/login');
    const name = String(body.name);
    const next = localPath(body.next);
    return reply.header('set-cookie', cookie).redirect(next === '/' ? `/notes/${name}` : next);
  });
  app.get('/logout', async (_request, reply) =>
    reply
      .header('set-cookie', 'member=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax')
      .redirect('/login'),
  );
  app.live('/notes/:owner', notebookView(new NoteStore()), {
    preHandler: members.requireMember,
  });
  return app;
}
