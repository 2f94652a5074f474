import { Writable } from 'node:stream';
import { defineView, html, isNotFound, notFound } from '@kinetic/core';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveClient, loadPage } from '../test/live-client.js';
import { type KineticOptions, kinetic } from './index.js';

const SECRET = 'error-pages-secret-0123456789-0123456789-ab';
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** Posts by id; a test deletes one to play a record gone between the render and the join. */
const posts = new Map<string, string>();
const Post = defineView({
  name: 'Post',
  mount: () => ({ body: '' }),
  handleParams: (params, _url, socket) => {
    const body = posts.get(String(params.id));
    if (body === undefined) throw notFound(`no post <${params.id}> in the database`);
    socket.assign({ body });
  },
  render: ({ body }) => html`<article>${body}</article>`,
});
/** Mounts again at the join (it asks whether it is connected): it sees a deletion since. */
const LivePost = defineView({
  name: 'LivePost',
  mount: (params, _s, socket) => {
    const body = posts.get(String(params.id));
    if (body === undefined) throw notFound();
    return { body, connected: socket.connected };
  },
  render: ({ body }) => html`<article>${body}</article>`,
});
const WrappedNotFound = defineView({
  name: 'WrappedNotFound',
  mount: (): { x: number } => {
    throw new Error('lookup failed', { cause: notFound() });
  },
  render: () => html`<p>never</p>`,
});

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** The app's log lines, as JSON. */
function logLines() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: { level: 'info', stream } };
}

/** The real plugin, the post views, and a few routes of the app's own. */
async function build(
  options: Partial<KineticOptions> = {},
  server: FastifyServerOptions = {},
  own?: (app: FastifyInstance) => void,
) {
  posts.clear();
  posts.set('1', 'Hello');
  const app = Fastify(server);
  apps.push(app);
  await app.register(kinetic, { secret: SECRET, ...options });
  app.live('/posts/:id', Post).live('/live-posts/:id', LivePost).live('/wrapped', WrappedNotFound);
  app.get('/boom', async () => {
    throw new Error('db password hunter2 at /srv/app/src/db.ts:12 <b>x</b>');
  });
  app.get('/members', async () => {
    throw Object.assign(new Error('sign in first'), {
      statusCode: 401,
      headers: { 'www-authenticate': 'Basic realm="members"' },
    });
  });
  app.get('/api/thing', async () => ({ ok: true }));
  own?.(app);
  return app;
}

/** Fastify's own answer, without Kinetic, for comparison. */
async function plainFastify(url: string, method: 'GET' | 'POST' = 'GET') {
  const app = Fastify();
  apps.push(app);
  app.get('/boom', async () => {
    throw new Error('db password hunter2 at /srv/app/src/db.ts:12 <b>x</b>');
  });
  return app.inject({ method, url });
}

const styleNonce = (body: string) => /<style nonce="([^"]+)">/.exec(body)?.[1];

/** The page is one styled document whose style the response's CSP lets through. */
function expectStyledPage(
  response: { headers: Record<string, unknown>; body: string },
  title: string,
) {
  expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  const nonce = styleNonce(response.body);
  expect(nonce).toBeDefined();
  expect(response.headers['content-security-policy']).toContain(
    `style-src 'self' 'nonce-${nonce}'`,
  );
  expect(response.body).toContain(`<h1>${title}</h1>`);
  expect(response.body).toContain('<a href="/">Go to the home page</a>');
  expect(response.body).toContain('prefers-color-scheme: dark');
  expect(response.body).toContain('name="viewport"');
  expect(response.body).not.toMatch(/<script|<link|src=/);
}

describe('a URL no route has', () => {
  it('a browser gets the styled 404 page, under the CSP, for GET and HEAD', async () => {
    const app = await build({ exposeErrors: false });
    const response = await app.inject({ url: '/nope?x=1', headers: { accept: BROWSER } });
    expect(response.statusCode).toBe(404);
    expectStyledPage(response, 'Page not found');
    const head = await app.inject({ method: 'HEAD', url: '/nope', headers: { accept: BROWSER } });
    expect(head.statusCode).toBe(404);
    expect(head.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('fetch, curl and JSON clients, and other methods, keep Fastify’s JSON 404', async () => {
    const app = await build();
    const plain = await plainFastify('/nope');
    for (const accept of [
      undefined,
      '*/*',
      'application/json',
      'application/json, text/html;q=0.5',
    ]) {
      const response = await app.inject({ url: '/nope', headers: accept ? { accept } : {} });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual(plain.json());
    }
    const post = await app.inject({ method: 'POST', url: '/nope', headers: { accept: BROWSER } });
    expect(post.json()).toEqual((await plainFastify('/nope', 'POST')).json());
  });

  it('under the live prefix a browser still gets JSON: the live endpoints answer as before', async () => {
    const app = await build();
    const unknown = await app.inject({ url: '/_kinetic/live/nope', headers: { accept: BROWSER } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/json');
    const post = await app.inject({
      method: 'POST',
      url: '/_kinetic/live/poll?vsn=1&sid=x',
      headers: { accept: BROWSER },
      body: '[]',
    });
    expect(post.statusCode).toBe(404);
    expect(post.json()).toMatchObject({ code: 'KN_ERR_SESSION_UNKNOWN' });
  });
});

describe("an app's own route that throws", () => {
  it('in production a browser gets a 500 page with an error id only; the log has the error with it', async () => {
    const { lines, logger } = logLines();
    const app = await build({ exposeErrors: false }, { logger });
    const response = await app.inject({ url: '/boom', headers: { accept: BROWSER } });
    expect(response.statusCode).toBe(500);
    expectStyledPage(response, 'Something went wrong');
    expect(response.body).not.toMatch(/hunter2|\/srv\/|\.ts\b|node_modules/);
    const errorId = /Error id: <code>([\w-]+)<\/code>/.exec(response.body)?.[1];
    expect(errorId).toMatch(/^[\w-]{8}$/);
    expect(response.headers['x-kinetic-error']).toBeUndefined();
    const logged = lines.find((line) => line.errorId === errorId);
    expect(logged?.level).toBe(50);
    expect(logged?.err).toMatchObject({ message: expect.stringContaining('hunter2') });
  });

  it('in development the message and stack show, escaped', async () => {
    const app = await build({ exposeErrors: true });
    const response = await app.inject({ url: '/boom', headers: { accept: BROWSER } });
    expect(response.statusCode).toBe(500);
    expect(response.body).toContain('hunter2 at /srv/app/src/db.ts:12 &lt;b&gt;x&lt;/b&gt;');
    expect(response.body).toContain('error-pages.test.ts');
    expect(response.body).not.toContain('<b>x</b>');
  });

  it('a 4xx keeps its status and headers, with a styled page; JSON clients get Fastify’s JSON', async () => {
    const app = await build({ exposeErrors: false });
    const page = await app.inject({ url: '/members', headers: { accept: BROWSER } });
    expect(page.statusCode).toBe(401);
    expect(page.headers['www-authenticate']).toBe('Basic realm="members"');
    expectStyledPage(page, 'Unauthorized');
    expect(page.body).not.toContain('sign in first');
    const json = await app.inject({ url: '/members', headers: { accept: 'application/json' } });
    expect(json.statusCode).toBe(401);
    expect(json.json()).toMatchObject({ statusCode: 401, message: 'sign in first' });
    const boom = await app.inject('/boom');
    expect(boom.statusCode).toBe(500);
    expect(boom.json()).toEqual((await plainFastify('/boom')).json());
  });
});

describe('a view that throws notFound()', () => {
  it('answers its HTTP render with 404 and the styled page; the message only in development', async () => {
    const prod = await build({ exposeErrors: false });
    const response = await prod.inject('/posts/9');
    expect(response.statusCode).toBe(404);
    expectStyledPage(response, 'Page not found');
    expect(response.body).not.toContain('no post');
    expect((await prod.inject('/posts/1')).statusCode).toBe(200);

    const dev = await build({ exposeErrors: true });
    const shown = await dev.inject('/posts/9');
    expect(shown.statusCode).toBe(404);
    expect(shown.body).toContain('KN_ERR_NOT_FOUND: no post &lt;9&gt; in the database');
  });

  it('is found behind a wrapping error’s cause', async () => {
    const app = await build();
    expect((await app.inject('/wrapped')).statusCode).toBe(404);
    const error = new Error('x', { cause: notFound('gone') });
    expect(isNotFound(error)).toBe(true);
    expect(notFound()).toMatchObject({ code: 'KN_ERR_NOT_FOUND' });
    expect(isNotFound(new Error('other'))).toBe(false);
  });

  /** A live session on a listening server, joined to the page at `path`. */
  async function live(options: Partial<KineticOptions>, path: string) {
    const app = await build(options);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const page = await loadPage(base, path);
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    return { base, page, client };
  }

  it('at a join that mounts again: the join is refused and the browser told to load the URL', async () => {
    const { base, page, client } = await live({ exposeErrors: false }, '/live-posts/1');
    posts.delete('1');
    const reply = await client.join(page, 1, '/live-posts/1');
    expect(reply.slice(0, 3)).toEqual(['x', reply[1], 'KN_ERR_NOT_FOUND']);
    expect(reply[3]).toBe('KN_ERR_NOT_FOUND: nothing was found at this URL.');
    await client.until(() => client.frames.some((f) => f[0] === 'g'));
    expect(client.frames.find((f) => f[0] === 'g')).toEqual([
      'g',
      1,
      'r',
      `${base}/live-posts/1`,
      1,
    ]);
    // Where the browser goes, the 404 page answers.
    expect((await fetch(`${base}/live-posts/1`)).status).toBe(404);
  });

  it('at an lv-patch: the view keeps its state and the browser is told to load the URL', async () => {
    const { base, page, client } = await live({ exposeErrors: true }, '/posts/1');
    expect((await client.join(page, 1, '/posts/1'))[0]).toBe('r');
    const reply = await client.request(['u', 1, `${base}/posts/7`]);
    expect(reply[2]).toBe('KN_ERR_NOT_FOUND');
    expect(reply[3]).toContain('no post <7> in the database');
    await client.until(() => client.frames.some((f) => f[0] === 'g'));
    expect(client.frames.find((f) => f[0] === 'g')).toEqual(['g', 1, 'r', `${base}/posts/7`, 1]);
    expect(client.html(1)).toBe('<article>Hello</article>');
  });
});

describe("an app's own not-found and error handlers", () => {
  it('Fastify refuses a second root not-found handler: notFoundPage: false lets the app set one', async () => {
    await expect(
      build({}, {}, (app) => app.setNotFoundHandler((_q, reply) => reply.send('mine'))),
    ).rejects.toThrow(/Not found handler already set/);

    const app = await build({ notFoundPage: false }, {}, (own) =>
      own.setNotFoundHandler((_q, reply) => reply.code(404).type('text/plain').send('my 404')),
    );
    const response = await app.inject({ url: '/nope', headers: { accept: BROWSER } });
    expect(response.body).toBe('my 404');
    // A view's notFound() reaches the app's handler too.
    const view = await app.inject({ url: '/posts/9', headers: { accept: BROWSER } });
    expect(view.statusCode).toBe(404);
    expect(view.body).toBe('my 404');
    expect(view.headers['content-type']).toContain('text/plain');
  });

  it('a not-found handler of a prefixed scope applies there, beside Kinetic’s', async () => {
    const app = await build({}, {}, (own) => {
      own.register(
        async (api) => api.setNotFoundHandler((_q, reply) => reply.code(404).send({ api: 404 })),
        { prefix: '/api' },
      );
    });
    const api = await app.inject({ url: '/api/nope', headers: { accept: BROWSER } });
    expect(api.json()).toEqual({ api: 404 });
    const page = await app.inject({ url: '/nope', headers: { accept: BROWSER } });
    expect(page.body).toContain('Page not found');
  });

  it("the app's setErrorHandler replaces Kinetic's; errorPage: false avoids Fastify's override check", async () => {
    const mine = (own: FastifyInstance) =>
      own.setErrorHandler((_e, _q, reply) => reply.code(500).send({ mine: true }));
    const overridden = await build({}, {}, mine);
    const response = await overridden.inject({ url: '/boom', headers: { accept: BROWSER } });
    expect(response.json()).toEqual({ mine: true });

    await expect(build({}, { allowErrorHandlerOverride: false }, mine)).rejects.toMatchObject({
      code: 'FST_ERR_ERROR_HANDLER_ALREADY_SET',
    });
    const off = await build({ errorPage: false }, { allowErrorHandlerOverride: false }, mine);
    const own = await off.inject({ url: '/boom', headers: { accept: BROWSER } });
    expect(own.json()).toEqual({ mine: true });
  });

  it("with errorPage: false a live page's 403 and 500 reach the app's handler, status on the reply", async () => {
    const seen: Array<[number, string]> = [];
    const app = await build({ errorPage: false }, {}, (own) => {
      own.live(
        '/private',
        defineView({
          name: 'Private',
          authorize: () => false,
          mount: () => ({}),
          render: () => html`<p>private</p>`,
        }),
      );
      own.live(
        '/broken',
        defineView({
          name: 'Broken',
          mount: (): { x: number } => {
            throw new Error('db down');
          },
          render: () => html`<p>never</p>`,
        }),
      );
      own.setErrorHandler((error: { code?: string }, _q, reply) => {
        seen.push([reply.statusCode, String(error.code)]);
        return reply.type('text/plain').send(`my ${reply.statusCode}`);
      });
    });
    const forbidden = await app.inject({ url: '/private', headers: { accept: BROWSER } });
    expect([forbidden.statusCode, forbidden.body]).toEqual([403, 'my 403']);
    expect(forbidden.headers['content-type']).toContain('text/plain');
    const broken = await app.inject({ url: '/broken', headers: { accept: BROWSER } });
    expect([broken.statusCode, broken.body]).toEqual([500, 'my 500']);
    expect(seen).toEqual([
      [403, 'KN_ERR_FORBIDDEN'],
      [500, 'KN_ERR_VIEW_MOUNT'],
    ]);
    // With Kinetic's pages on, the same views answer with its own.
    const ours = await build({}, {}, (own) =>
      own.live(
        '/private',
        defineView({
          name: 'Private',
          authorize: () => false,
          mount: () => ({}),
          render: () => html`<p>private</p>`,
        }),
      ),
    );
    const page = await ours.inject({ url: '/private', headers: { accept: BROWSER } });
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('Forbidden');
  });
});
