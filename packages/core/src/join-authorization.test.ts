import { describe, expect, it } from 'vitest';
import { html } from './index.js';
import {
  type AuthorizationContext,
  JoinAuthorization,
  type UrlGuard,
} from './join-authorization.js';
import { compileRoute, paramsOf } from './route.js';
import { TokenSigner, type ViewClaims } from './token.js';
import { type AnyView, defineView } from './view.js';

const signer = new TokenSigner('k3y-For-Join-Authorization-Tests-0123456789');
const csrf = 'csrf-token-of-this-browser';

const Post = defineView({
  name: 'Post',
  mount: () => ({}),
  authorize: (params) => params.id !== 'secret',
  render: () => html`<p>post</p>`,
});
const route = compileRoute('/posts/:id');

function context(urlGuard?: UrlGuard): AuthorizationContext {
  return {
    verify: (token) => signer.verify(token),
    csrfDigest: (token) => signer.csrfDigest(token),
    view: (name) => {
      if (name !== 'Post') throw new Error(`no view ${name}`);
      return Post as AnyView;
    },
    matchParams: (view, url) => {
      const params = view === Post ? route.match(url.pathname) : null;
      return params === null ? null : paramsOf(url, params);
    },
    urlGuard,
  };
}

const tokenFor = (path: string, claims: Partial<ViewClaims> = {}) =>
  signer.sign({
    v: 'Post',
    p: { id: path.split('/')[2] ?? '' },
    s: { user: 'ada' },
    c: signer.csrfDigest(csrf),
    e: Date.now() + 60_000,
    i: 'lv-1',
    u: path,
    ...claims,
  });

async function join(token: string, url: string, given = csrf, cookie: string | undefined = csrf) {
  const authorization = new JoinAuthorization(context(), cookie);
  const checked = authorization.check({ k: token, c: given, u: url, v: 1 });
  await authorization.authorize(checked);
  return checked;
}

const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: { code?: string }) => error.code,
  );

describe('joining', () => {
  it('mounts with the params of the URL the token was signed for', async () => {
    const joined = await join(tokenFor('/posts/7'), 'http://app.test/posts/7');
    expect(joined.view).toBe(Post);
    expect(joined.params).toEqual({ id: '7' });
    expect(joined.moved).toBe(false);
  });

  it('a client reporting another URL mounts at the signed one and is moved there after', async () => {
    const joined = await join(tokenFor('/posts/7'), 'http://app.test/posts/8');
    expect(joined.params).toEqual({ id: '7' });
    expect(joined.moved).toBe(true);
    expect(joined.url.pathname).toBe('/posts/8');
  });

  it('refuses a CSRF token other than the one the page was rendered with', async () => {
    expect(await codeOf(join(tokenFor('/posts/7'), 'http://app.test/posts/7', 'another'))).toBe(
      'KN_ERR_CSRF',
    );
  });

  it('refuses a join whose CSRF token is not the cookie the session was opened with', async () => {
    const token = tokenFor('/posts/7');
    expect(await codeOf(join(token, 'http://app.test/posts/7', csrf, 'cookie'))).toBe(
      'KN_ERR_CSRF',
    );
  });

  it('refuses a forged token', async () => {
    expect(await codeOf(join(`${tokenFor('/posts/7')}x`, 'http://app.test/posts/7'))).toBe(
      'KN_ERR_TOKEN_INVALID',
    );
  });

  it('refuses what authorize() refuses, and a URL that is not http(s)', async () => {
    expect(await codeOf(join(tokenFor('/posts/secret'), 'http://app.test/posts/secret'))).toBe(
      'KN_ERR_FORBIDDEN',
    );
    expect(await codeOf(join(tokenFor('/posts/7'), 'javascript:alert(1)'))).toBe(
      'KN_ERR_URL_INVALID',
    );
  });
});

describe('opening another URL in a joined view', () => {
  const client = { headers: { cookie: 'session=ada' } };
  const session = { user: 'ada' };

  it('asks authorize() and then the route guards, with the client’s request', async () => {
    const asked: string[] = [];
    const guard: UrlGuard = async (url, who) => {
      asked.push(`${url.pathname} ${who.headers.cookie}`);
      return url.pathname !== '/posts/9';
    };
    const authorization = new JoinAuthorization(context(guard), csrf);
    const at = (path: string) => new URL(path, 'http://app.test');
    expect(await authorization.mayOpen(Post, session, at('/posts/8'), client)).toBe(true);
    expect(await authorization.mayOpen(Post, session, at('/posts/9'), client)).toBe(false);
    expect(await authorization.mayOpen(Post, session, at('/posts/secret'), client)).toBe(false);
    expect(asked).toEqual(['/posts/8 session=ada', '/posts/9 session=ada']);
  });

  it('leaves a URL of another view to live navigation, whose page load runs its guards', async () => {
    const authorization = new JoinAuthorization(
      context(async () => false),
      csrf,
    );
    expect(
      await authorization.mayOpen(Post, session, new URL('http://app.test/about'), client),
    ).toBe(true);
  });
});
