/**
 * The 404, 403 and 500 pages in Chromium against a real server: styled under the strict
 * CSP with zero violations, light and dark, on a phone's width; and a view's notFound()
 * reached over the live connection (live navigation, lv-patch, a join that mounts again)
 * ends on the 404 page rather than a page that silently stays put.
 */
import { defineView, html, notFound } from '@kinetic/core';
import { kinetic } from '@kinetic/transport';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage } from './support/browser.js';
import { listen } from './support/server.js';

const posts = new Map<string, string>();

const Home = defineView({
  name: 'Home',
  mount: () => ({}),
  render: () => html`<h1 id="home">Home</h1>
    <a id="navigate" href="/posts/9" lv-navigate>Post 9</a>
    <a id="patch" href="/posts/1">Post 1</a>`,
});
/** handleParams runs in mount and at every lv-patch: a missing post is notFound(). */
const Post = defineView({
  name: 'Post',
  mount: () => ({ body: '' }),
  handleParams: (params, _url, socket) => {
    const body = posts.get(String(params.id));
    if (body === undefined) throw notFound(`no post ${params.id}`);
    socket.assign({ body });
  },
  render: ({ body }) => html`<article id="post">${body}</article>
    <a id="missing" href="/posts/7" lv-patch>Post 7</a>`,
});
/** Mounts again at the join (it reads socket.connected): a post deleted since is missing. */
const LivePost = defineView({
  name: 'LivePost',
  mount: (params, _s, socket) => {
    const body = posts.get(String(params.id));
    if (body === undefined) throw notFound();
    return { body, connected: socket.connected };
  },
  render: ({ body }) => html`<article id="post">${body}</article>`,
});
const Broken = defineView({
  name: 'Broken',
  mount: (): { x: number } => {
    throw new Error('db password hunter2');
  },
  render: () => html`<p>never</p>`,
});
const Private = defineView({
  name: 'Private',
  authorize: () => false,
  mount: () => ({}),
  render: () => html`<p>private</p>`,
});

let browser: Browser;
const apps: FastifyInstance[] = [];
let base: string;

beforeAll(async () => {
  browser = await launchBrowser();
  const app = Fastify();
  apps.push(app);
  await app.register(kinetic, {
    secret: 'error-pages-e2e-secret-Jq7Xv2Lm9Pz4Wk8Rt3',
    exposeErrors: false,
  });
  app
    .live('/', Home)
    .live('/posts/:id', Post)
    .live('/live-posts/:id', LivePost)
    .live('/broken', Broken)
    .live('/private', Private);
  app.get('/boom', async () => {
    throw new Error('app route failed');
  });
  base = await listen(app);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(apps.map((app) => app.close()));
});

/** A page that records CSP violations, as events and as console messages. */
async function watchedPage(options: { dark?: boolean; phone?: boolean } = {}) {
  const { page, errors } = await newPage(browser);
  if (options.phone) await page.setViewportSize({ width: 360, height: 740 });
  await page.emulateMedia({ colorScheme: options.dark ? 'dark' : 'light' });
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      w.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  const violations = async () => [
    ...(await page.evaluate(
      () => (window as unknown as { cspViolations: string[] }).cspViolations,
    )),
    ...errors.filter((message) => /Content Security Policy/i.test(message)),
  ];
  /** What the user sees: the heading, the page's colours, whether it fits the screen. */
  const looks = () =>
    page.evaluate(() => ({
      title: document.querySelector('h1')?.textContent,
      background: getComputedStyle(document.body).backgroundColor,
      card: getComputedStyle(document.querySelector('main') as Element).borderRadius,
      fits: document.documentElement.scrollWidth <= window.innerWidth,
    }));
  return { page, violations, looks };
}

const LIGHT = 'rgb(246, 247, 249)';
const DARK = 'rgb(20, 22, 26)';

describe('the error pages are styled under the CSP', () => {
  it.each([
    ['/nope', 404, 'Page not found'],
    ['/posts/9', 404, 'Page not found'],
    ['/broken', 500, 'Something went wrong'],
    ['/boom', 500, 'Something went wrong'],
    ['/private', 403, 'Forbidden'],
  ])(
    '%s: %i "%s", light and dark, on a phone, with zero violations',
    async (path, status, title) => {
      for (const dark of [false, true]) {
        const { page, violations, looks } = await watchedPage({ dark, phone: true });
        try {
          const response = await page.goto(base + path);
          expect(response?.status()).toBe(status);
          expect(response?.headers()['content-security-policy']).toContain(
            "style-src 'self' 'nonce-",
          );
          expect(await looks()).toEqual({
            title,
            background: dark ? DARK : LIGHT,
            card: '12px',
            fits: true,
          });
          expect(await violations()).toEqual([]);
          if (status === 500) {
            expect(await page.textContent('.id')).toMatch(/^Error id: [\w-]{8}$/);
            expect(await page.content()).not.toContain('hunter2');
          }
        } finally {
          await page.close();
        }
      }
    },
  );
});

describe("a view's notFound() over the live connection", () => {
  it('a live navigation to it lands on the 404 page', async () => {
    const { page, looks } = await watchedPage();
    try {
      await page.goto(base);
      await page.waitForSelector('[data-live-view].lv-connected');
      const landed = page.waitForResponse(
        (r) => r.url() === `${base}/posts/9` && r.request().resourceType() === 'document',
      );
      await page.click('#navigate');
      expect((await landed).status()).toBe(404);
      await page.waitForURL(`${base}/posts/9`);
      await expect.poll(async () => (await looks()).title).toBe('Page not found');
    } finally {
      await page.close();
    }
  });

  it('an lv-patch to it loads the URL as a page: the 404 page', async () => {
    posts.set('1', 'Hello');
    const { page, looks } = await watchedPage();
    try {
      await page.goto(`${base}/posts/1`);
      await page.waitForSelector('[data-live-view].lv-connected');
      const landed = page.waitForResponse(
        (r) => r.url() === `${base}/posts/7` && r.request().resourceType() === 'document',
      );
      await page.click('#missing');
      expect((await landed).status()).toBe(404);
      await expect.poll(async () => (await looks()).title).toBe('Page not found');
      expect(page.url()).toBe(`${base}/posts/7`);
      // Back is the post the link was on, not its URL over the 404 page.
      await page.goBack();
      await page.waitForSelector('[data-live-view].lv-connected');
      expect(page.url()).toBe(`${base}/posts/1`);
      expect(await page.textContent('#post')).toBe('Hello');
      await page.goForward();
      await expect.poll(async () => (await looks()).title).toBe('Page not found');
      expect(page.url()).toBe(`${base}/posts/7`);
    } finally {
      await page.close();
    }
  });

  it('a join that mounts again after the record went away loads the 404 page', async () => {
    posts.set('5', 'Soon gone');
    const { page, looks } = await watchedPage();
    try {
      // The post is deleted between the page's render and its join: the client script is
      // held until then.
      await page.route('**/_kinetic/*.js', async (route) => {
        posts.delete('5');
        await route.continue();
      });
      const first = await page.goto(`${base}/live-posts/5`);
      expect(first?.status()).toBe(200);
      await expect
        .poll(async () => (await looks()).title, { timeout: 10_000 })
        .toBe('Page not found');
      expect(page.url()).toBe(`${base}/live-posts/5`);
    } finally {
      await page.close();
    }
  });
});
