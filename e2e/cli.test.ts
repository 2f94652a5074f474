import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage } from './support/browser.js';
import { packPackages, repoRoot } from './support/cli-packages.js';
import { freePort, type RunningProcess, run, startProcess } from './support/cli-process.js';

// The whole life of an app, as a user meets it: create it (from tarballs of this checkout,
// since the packages are not published), install, test, generate, develop with hot reload
// in Chromium, build, and serve the build. Everything happens in a temp folder outside the
// repository; every server listens on 127.0.0.1 and is stopped at the end.

const node = process.execPath;
const createKinetic = join(repoRoot, 'cli', 'create-kinetic', 'index.js');

let work: string;
let app: string;
let browser: Browser | undefined;
const servers: RunningProcess[] = [];

/** The app's own kinetic CLI, as `npx kinetic` runs it. */
const kinetic = (args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
  run(node, [join(app, 'node_modules', 'kinetic', 'dist', 'bin.js'), ...args], app, env);

const startKinetic = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => {
  const server = startProcess(
    node,
    [join(app, 'node_modules', 'kinetic', 'dist', 'bin.js'), ...args],
    app,
    env,
  );
  servers.push(server);
  return server;
};

/** A GET read raw (node's http does not decode bodies), for the headers on the wire. */
const rawGet = (url: string, headers: Record<string, string>) =>
  new Promise<{ headers: IncomingHttpHeaders }>((resolve, reject) => {
    get(url, { headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ headers: res.headers }));
    }).on('error', reject);
  });

const edit = (file: string, change: (text: string) => string) => {
  const path = join(app, file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
};

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'kinetic-cli-e2e-'));
  const packs = join(work, 'packages');
  mkdirSync(packs);
  packPackages(packs);
  // npm create kinetic runs create-kinetic: the same generator as `kinetic new`.
  const output = run(
    node,
    [createKinetic, 'my-app', '--local-packages', packs, '--pm', 'npm', '--no-git'],
    work,
    { npm_config_user_agent: 'npm/10.0.0 node/v20 linux x64' },
  );
  expect(output).toContain('Installed dependencies');
  expect(output).toContain('npm run dev');
  app = join(work, 'my-app');
}, 240_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await browser?.close();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('a new app', () => {
  it('has a counter whose tests pass, and type-checks', () => {
    expect(readFileSync(join(app, '.gitignore'), 'utf8')).toContain('node_modules');
    expect(run('npm', ['test'], app)).toMatch(/Tests\s+3 passed/);
    run('npx', ['kinetic', 'check'], app);
  }, 60_000);

  it('takes a generated live view and scaffold: wired in, type-checked, tested', () => {
    kinetic(['generate', 'live', 'Clock']);
    kinetic([
      'generate',
      'scaffold',
      'Post',
      'title:string',
      'body:text',
      'votes:number',
      'published:boolean',
    ]);
    const routes = readFileSync(join(app, 'src', 'routes.ts'), 'utf8');
    expect(routes).toContain("app.live('/clock', Clock);");
    expect(routes).toContain('postRoutes(app);');
    expect(() => kinetic(['generate', 'live', 'Clock'])).toThrow(/KN_ERR_CLI_FILE_EXISTS/);
    run('npx', ['tsc', '--noEmit'], app);
    const tests = run('npm', ['test'], app);
    expect(tests).toMatch(/Test Files\s+5 passed/);
  }, 90_000);
});

describe('kinetic dev', () => {
  it('keeps the count across an edit, swaps CSS, and shows then clears an error overlay', async () => {
    const dev = startKinetic(['dev', '--port', '0']);
    const [, url] = await dev.waitFor(/App:\s+(http:\/\/127\.0\.0\.1:\d+\/)/);
    browser ??= await launchBrowser();
    const { page, errors } = await newPage(browser);
    await page.goto(url as string);
    await page.waitForSelector('[data-live-view].lv-connected');
    for (let i = 0; i < 3; i++) await page.click('button[aria-label=Increment]');
    await expect.poll(() => page.textContent('#count')).toBe('3');
    // Marks this document: a full reload would lose it.
    await page.evaluate(() => {
      (window as unknown as { kept: boolean }).kept = true;
    });
    const original = readFileSync(join(app, 'src/views/counter.ts'), 'utf8');

    edit('src/views/counter.ts', (text) =>
      text.replace('<h1>Counter</h1>', '<h1>Counter, edited</h1>'),
    );
    await expect.poll(() => page.textContent('h1'), { timeout: 15_000 }).toBe('Counter, edited');
    expect(await page.textContent('#count')).toBe('3');
    await dev.waitFor(/1 view kept its state/);

    edit('src/styles/app.css', (text) => `${text}\nbody { background-color: rgb(1, 2, 3); }\n`);
    await expect
      .poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor), {
        timeout: 15_000,
      })
      .toBe('rgb(1, 2, 3)');

    edit('src/views/counter.ts', (text) =>
      text.replace('<h1>Counter, edited</h1>', '<h1>Counter, edited</h1>${'),
    );
    const overlay = page.locator('kinetic-dev-overlay');
    await overlay.waitFor({ timeout: 15_000 });
    expect(await overlay.locator('.file').textContent()).toMatch(
      /^src\/views\/counter\.ts:\d+:\d+$/,
    );
    expect(await overlay.locator('.frame').textContent()).toContain('>');
    await dev.waitFor(/build failed/);

    writeFileSync(join(app, 'src/views/counter.ts'), original);
    await overlay.waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(() => page.textContent('h1'), { timeout: 15_000 }).toBe('Counter');
    expect(await page.textContent('#count')).toBe('3');
    expect(await page.evaluate(() => (window as unknown as { kept?: boolean }).kept)).toBe(true);
    await page.click('button[aria-label=Increment]');
    await expect.poll(() => page.textContent('#count')).toBe('4');

    // A second dev server in the same app refuses before touching anything: the first one's
    // stylesheet is still there, and its page still live.
    expect(() => kinetic(['dev', '--port', '0'])).toThrow(/KN_ERR_CLI_DEV_RUNNING/);
    const href = await page.getAttribute('link[rel=stylesheet]', 'href');
    expect((await fetch(new URL(href as string, url as string))).status).toBe(200);
    await page.click('button[aria-label=Increment]');
    await expect.poll(() => page.textContent('#count')).toBe('5');
    expect(errors).toEqual([]);
    await page.close();
    await dev.stop();
  }, 90_000);
});

describe('kinetic build and start', () => {
  let base: string;
  let page: Page;

  it('builds a server bundle, hashed assets and a manifest, with a size table', () => {
    const output = kinetic(['build']);
    expect(output).toMatch(/app\.js\s+[\d.]+ [kM]?B/);
    expect(output).toMatch(/assets\/app-[A-Z0-9]+\.css/);
    const manifest = JSON.parse(readFileSync(join(app, 'dist', 'manifest.json'), 'utf8'));
    expect(manifest.assets['app.css']).toMatch(/^app-[A-Z0-9]+\.css$/);
  }, 60_000);

  it('kinetic start serves the build: live, with immutable hashed assets', async () => {
    const port = await freePort();
    const server = startKinetic(['start', '--port', String(port)], {
      KINETIC_SECRET: 'e2e-secret-Jq7Xv2Lm9Pz4Wk8Rt3Hb6Ny1',
    });
    await server.waitFor(/Server listening/);
    base = `http://127.0.0.1:${port}`;
    browser ??= await launchBrowser();
    page = (await newPage(browser)).page;
    await page.goto(`${base}/`);
    await page.waitForSelector('[data-live-view].lv-connected');
    await page.click('button[aria-label=Increment]');
    await page.click('button[aria-label=Increment]');
    await expect.poll(() => page.textContent('#count')).toBe('2');
    const href = await page.getAttribute('link[rel=stylesheet]', 'href');
    expect(href).toMatch(/^\/assets\/app-[A-Z0-9]+\.css$/);
    const css = await fetch(`${base}${href}`);
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // Compressed as the browser asks: the stylesheet and the client script from the build's
    // brotli copies, the page as it is rendered.
    const script = await page.getAttribute('script[src*="kinetic"]', 'src');
    for (const path of [href, script, '/posts']) {
      const raw = await rawGet(`${base}${path}`, { 'accept-encoding': 'gzip, deflate, br' });
      expect(raw.headers['content-encoding'], path ?? '').toBe('br');
      expect(raw.headers.vary, path ?? '').toMatch(/accept-encoding/i);
    }
    await page.goto(`${base}/posts/new`);
    await page.waitForSelector('[data-live-view].lv-connected');
    await page.fill('#post-title', 'Hello');
    await page.fill('#post-body', 'From the built app');
    await page.fill('#post-votes', '3');
    await page.click('button.primary');
    await page.waitForURL(/\/posts\/1$/);
    await expect.poll(() => page.textContent('#post-title')).toBe('Hello');
    // The save's flash went with it to the post's page.
    await expect.poll(() => page.textContent('.flash')).toBe('Post created');
    // A post there is none of: the styled 404 page, with a 404.
    const missing = await page.goto(`${base}/posts/999`);
    expect(missing?.status()).toBe(404);
    expect(await page.textContent('h1')).toMatch(/not found/i);
    // Ctrl-C with a browser page open and a connection that never sent a request (a
    // preconnect): the server exits within its shutdown deadline (15 s).
    await page.goto(`${base}/`);
    await page.waitForSelector('[data-live-view].lv-connected');
    const silent = connect(port, '127.0.0.1');
    await new Promise((resolve) => silent.once('connect', resolve));
    const stopping = performance.now();
    process.kill(-(server.child.pid as number), 'SIGINT');
    await new Promise((resolve) => server.child.once('exit', resolve));
    expect(performance.now() - stopping).toBeLessThan(15_000);
    silent.destroy();
    await page.close();
  }, 60_000);

  it('the build folder runs on its own with plain node', async () => {
    const copy = join(work, 'deployed');
    cpSync(join(app, 'dist'), copy, { recursive: true });
    const port = await freePort();
    const server = startProcess(node, ['server.js'], copy, {
      NODE_ENV: 'production',
      PORT: String(port),
      KINETIC_SECRET: 'e2e-secret-Jq7Xv2Lm9Pz4Wk8Rt3Hb6Ny1',
    });
    servers.push(server);
    await server.waitFor(/Server listening/);
    const html = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    expect(html).toContain('data-live-view="Counter"');
    await server.stop();
  }, 30_000);
});
