import { Writable } from 'node:stream';
import { defineView, html } from '@kinetic/core';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { probeGuards } from './guard.js';
import { type KineticOptions, kinetic } from './index.js';

const SECRET = 'test-secret-0123456789-0123456789-abcdef';

const Hello = defineView({
  name: 'Hello',
  mount: () => ({ width: 40 }),
  render: ({ width }) => html`<p style="width: ${width}%">Hello</p>`,
});
const FailsInMount = defineView({
  name: 'FailsInMount',
  mount: (): { ok: boolean } => {
    throw new Error('db password hunter2 rejected at /srv/app/src/db.ts:12');
  },
  render: () => html`<p>never</p>`,
});
const FailsInRender = defineView({
  name: 'FailsInRender',
  mount: () => ({}),
  render: () => {
    throw new Error('cannot read <b>user</b> of undefined (/srv/app/src/views.ts:3)');
  },
});

const Private = defineView({
  name: 'Private',
  authorize: () => false,
  mount: () => ({}),
  render: () => html`<p>private</p>`,
});

const apps: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** An app with the Hello page at / and the failing views, through the real plugin. */
async function build(options: Partial<KineticOptions> = {}, server: FastifyServerOptions = {}) {
  const app = Fastify(server);
  apps.push(app);
  await app.register(kinetic, { secret: SECRET, ...options });
  app
    .live('/', Hello)
    .live('/mount', FailsInMount)
    .live('/render', FailsInRender)
    .live('/private', Private);
  return app;
}

const scriptNonce = (body: string) => /<script defer src="[^"]+" nonce="([^"]+)"/.exec(body)?.[1];

describe('security headers', () => {
  it('a live page and the client bundle carry nosniff, SAMEORIGIN and the referrer policy', async () => {
    const app = await build();
    const page = await app.inject('/');
    const script = /<script defer src="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const bundle = await app.inject(script);
    for (const response of [page, bundle]) {
      expect(response.statusCode).toBe(200);
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'strict-origin-when-cross-origin',
      });
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
    expect(bundle.headers['content-security-policy']).toBeUndefined();
  });

  it('securityHeaders overrides, drops and adds headers, and false sends none', async () => {
    const custom = await build({
      securityHeaders: { 'X-Frame-Options': 'DENY', 'referrer-policy': false, 'x-extra': 'yes' },
    });
    const response = await custom.inject('/');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['referrer-policy']).toBeUndefined();
    expect(response.headers['x-extra']).toBe('yes');
    expect(response.headers['x-content-type-options']).toBe('nosniff');

    const none = await (await build({ securityHeaders: false })).inject('/');
    expect(none.headers['x-content-type-options']).toBeUndefined();
    expect(none.headers['x-frame-options']).toBeUndefined();
  });

  it('the live endpoints carry them too, refusals included', async () => {
    const app = await build();
    const poll = await app.inject('/_kinetic/live/poll?vsn=1&hello=1');
    const post = await app.inject({
      method: 'POST',
      url: '/_kinetic/live/poll?vsn=1&sid=x',
      body: '[]',
    });
    expect(post.statusCode).toBe(404);
    for (const response of [poll, post]) {
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
  });
});

describe('content security policy', () => {
  it('the page sends a strict policy whose nonce is the one on the client script', async () => {
    const response = await (await build()).inject('/');
    const nonce = scriptNonce(response.body) ?? '';
    expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
    expect(response.headers['content-security-policy']).toBe(
      `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'nonce-${nonce}'; ` +
        `style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; ` +
        `base-uri 'self'; form-action 'self'; frame-ancestors 'self'`,
    );
  });

  it('every response gets a new nonce', async () => {
    const app = await build();
    const [a, b] = await Promise.all([app.inject('/'), app.inject('/')]);
    expect(scriptNonce(a?.body ?? '')).not.toBe(scriptNonce(b?.body ?? ''));
  });

  it("an app's layout receives the nonce for its own <style>", async () => {
    const app = await build({
      layout: ({ content, head, nonce }) =>
        html`<html><head><style nonce="${nonce}">p{}</style>${head}</head><body>${content}</body></html>`,
    });
    const response = await app.inject('/');
    const style = /<style nonce="([^"]+)">/.exec(response.body)?.[1];
    expect(style).toBe(scriptNonce(response.body));
    expect(response.headers['content-security-policy']).toContain(
      `style-src 'self' 'nonce-${style}'`,
    );
  });

  it('csp directives replace or remove defaults, keep the nonce, and reportOnly only reports', async () => {
    const app = await build({
      csp: {
        directives: {
          'img-src': ["'self'", 'https://images.example.com'],
          'script-src': ["'self'", 'https://cdn.example.com'],
          'form-action': false,
          'upgrade-insecure-requests': [],
        },
        reportOnly: true,
      },
    });
    const response = await app.inject('/');
    const nonce = scriptNonce(response.body);
    const policy = String(response.headers['content-security-policy-report-only']);
    expect(response.headers['content-security-policy']).toBeUndefined();
    expect(policy).toContain("img-src 'self' https://images.example.com;");
    expect(policy).toContain(`script-src 'self' https://cdn.example.com 'nonce-${nonce}';`);
    expect(policy).not.toContain('form-action');
    expect(policy).toMatch(/; upgrade-insecure-requests$/);
  });

  it('csp: false sends no policy; the nonce is still on the script', async () => {
    const response = await (await build({ csp: false })).inject('/');
    expect(response.headers['content-security-policy']).toBeUndefined();
    expect(scriptNonce(response.body)).toBeDefined();
  });

  it('a source that would smuggle in another directive fails at startup with KN_ERR_OPTIONS', async () => {
    await expect(
      build({ csp: { directives: { 'img-src': ["'self'; script-src *"] } } }),
    ).rejects.toMatchObject({ code: 'KN_ERR_OPTIONS' });
  });
});

describe('requireTLS', () => {
  it('a plain-HTTP page request is redirected to https with its path and query (GET and HEAD)', async () => {
    const app = await build({ requireTLS: true });
    for (const method of ['GET', 'HEAD'] as const) {
      const response = await app.inject({
        method,
        url: '/?q=1',
        headers: { host: 'example.com:8080' },
      });
      expect(response.statusCode).toBe(301);
      expect(response.headers.location).toBe('https://example.com/?q=1');
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('over HTTPS (a trusted proxy) the page renders with Strict-Transport-Security', async () => {
    const app = await build({ requireTLS: true }, { trustProxy: true });
    const response = await app.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['strict-transport-security']).toBe(
      'max-age=31536000; includeSubDomains',
    );
    const custom = await build({ requireTLS: true, hstsMaxAge: 600 }, { trustProxy: true });
    const short = await custom.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } });
    expect(short.headers['strict-transport-security']).toBe('max-age=600; includeSubDomains');
  });

  it('X-Forwarded-Proto from an untrusted client does not count', async () => {
    const app = await build({ requireTLS: true });
    const response = await app.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } });
    expect(response.statusCode).toBe(301);
  });

  it('a live endpoint refuses plain HTTP with KN_ERR_TLS_REQUIRED, and serves HTTPS with HSTS', async () => {
    const app = await build({ requireTLS: true }, { trustProxy: true });
    const live = '/_kinetic/live/poll?vsn=1&hello=1';
    const plain = await app.inject(live);
    expect(plain.statusCode).toBe(403);
    expect(plain.json()).toMatchObject({ code: 'KN_ERR_TLS_REQUIRED' });
    expect(plain.headers['x-content-type-options']).toBe('nosniff');
    const secure = await app.inject({ url: live, headers: { 'x-forwarded-proto': 'https' } });
    expect(secure.statusCode).toBe(200);
    expect(secure.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const off = await (await build()).inject(live);
    expect(off.statusCode).toBe(200);
    expect(off.headers['strict-transport-security']).toBeUndefined();
  });

  it("a live connection's in-process guard probe is not redirected", async () => {
    const app = await build({ requireTLS: true });
    await app.ready();
    expect(await probeGuards(app, new URL('http://localhost/'), {}, undefined)).toEqual({
      allowed: true,
    });
  });
});

describe('the CSRF cookie', () => {
  const cookieOf = (headers: Record<string, unknown>) => String(headers['set-cookie']);

  it('is Secure behind a trusted proxy that says https', async () => {
    const app = await build({}, { trustProxy: true });
    const response = await app.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } });
    expect(cookieOf(response.headers)).toMatch(/; Secure$/);
  });

  it('is not Secure when the proxy header is not trusted', async () => {
    const app = await build();
    const response = await app.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } });
    expect(cookieOf(response.headers)).toContain('HttpOnly');
    expect(cookieOf(response.headers)).not.toContain('Secure');
  });
});

describe('a page whose view throws', () => {
  /** The app's log lines, as JSON. */
  function logLines() {
    const lines: Array<Record<string, unknown>> = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    return { lines, logger: { level: 'error', stream } };
  }

  it.each([
    ['mount', '/mount', 'hunter2', 'KN_ERR_VIEW_MOUNT'],
    ['render', '/render', 'cannot read', 'KN_ERR_VIEW_RENDER'],
  ])(
    'in production (%s): a 500 page with an error id only; the log has the rest',
    async (_, url, secret, code) => {
      const { lines, logger } = logLines();
      const app = await build({ exposeErrors: false }, { logger });
      const response = await app.inject(url);
      expect(response.statusCode).toBe(500);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.body).not.toContain(secret);
      expect(response.body).not.toContain(code);
      expect(response.body).not.toMatch(/\/src\/|\.ts\b|node_modules/);
      const errorId = /Error id: <code>([\w-]+)<\/code>/.exec(response.body)?.[1];
      expect(errorId).toMatch(/^[\w-]{8}$/);
      const logged = lines.find((line) => line.errorId === errorId);
      expect(logged?.err).toMatchObject({ message: expect.stringContaining(secret) });
      expect(logged?.err).toMatchObject({ message: expect.stringContaining(code) });
    },
  );

  it('in development: the message, escaped, and the id', async () => {
    const app = await build({ exposeErrors: true }, { logger: logLines().logger });
    const response = await app.inject('/render');
    expect(response.statusCode).toBe(500);
    expect(response.body).toContain('KN_ERR_VIEW_RENDER');
    expect(response.body).toContain('cannot read &lt;b&gt;user&lt;/b&gt; of undefined');
    expect(response.body).not.toContain('<b>user</b>');
    expect(response.body).toMatch(/Error id: <code>[\w-]{8}<\/code>/);
  });

  it('authorize() saying no is a 403 page, without the reason in production', async () => {
    const response = await (await build({ exposeErrors: false })).inject('/private');
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-security-policy']).toBeDefined();
    expect(response.body).toContain('You may not open this page.');
    expect(response.body).not.toContain('KN_ERR_FORBIDDEN');
    const dev = await (await build({ exposeErrors: true })).inject('/private');
    expect(dev.body).toContain('KN_ERR_FORBIDDEN');
  });

  it('a 4xx thrown by the session option is answered as such', async () => {
    const denied = Object.assign(new Error('sign in first'), { statusCode: 401 });
    const app = await build({ session: () => Promise.reject(denied), exposeErrors: false });
    const response = await app.inject('/');
    expect(response.statusCode).toBe(401);
  });
});
