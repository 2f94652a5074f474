import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  kinetic,
  linkWorkspacePackages,
  removeDir,
  tempDir,
} from '../cli/kinetic/test/run-cli.js';
import { launchBrowser, newPage } from './support/browser.js';
import { freePort, type RunningProcess, startProcess } from './support/cli-process.js';

// A `kinetic new --jsx` app, as its user meets it: `kinetic dev` in Chromium with hot
// reload of a .tsx view, errors located on .tsx lines, `kinetic check`, `kinetic build`
// then `kinetic start`; and the warning `kinetic dev` prints once when views render
// without the compile step. The app is linked to this checkout's packages (no install), as
// in e2e/cli-dev.test.ts; e2e/cli.test.ts walks the install from tarballs.

const WARNING = /rendered JSX without the compile step/g;

let dir: string;
let app: string;
let browser: Browser;
const servers: RunningProcess[] = [];

const read = (file: string) => readFileSync(join(app, file), 'utf8');
const write = (file: string, text: string) => writeFileSync(join(app, file), text);
const count = (page: Page) => page.textContent('#count');

const start = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => {
  const server = startProcess(process.execPath, [BIN, ...args], app, env);
  servers.push(server);
  return server;
};

/** `kinetic dev` on a free port: the process and the app's URL. */
async function dev(): Promise<{ server: RunningProcess; url: string }> {
  // One dev server per app folder: whatever an earlier test left running goes first.
  await Promise.all(servers.map((server) => server.stop()));
  const server = start(['dev', '--port', '0']);
  const [, url = ''] = await server.waitFor(/App:\s+(http:\/\/127\.0\.0\.1:\d+\/)/);
  return { server, url };
}

/** The counter page at `url`, connected, counted up to `n`. */
async function counterAt(url: string, n: number) {
  const watched = await newPage(browser);
  await watched.page.goto(url);
  await watched.page.waitForSelector('[data-live-view].lv-connected');
  for (let i = 0; i < n; i++) await watched.page.click('button[aria-label=Increment]');
  await expect.poll(() => count(watched.page)).toBe(String(n));
  return watched;
}

beforeAll(async () => {
  dir = tempDir();
  app = join(dir, 'app');
  const created = kinetic(['new', 'app', '--jsx', '--no-install', '--no-git'], dir);
  expect(created.status, created.output).toBe(0);
  linkWorkspacePackages(app, { devTools: true, jsx: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await browser?.close();
  if (dir !== undefined) removeDir(dir);
});

describe('a --jsx app', () => {
  it('runs in kinetic dev: clicks update, a .tsx edit keeps the state, errors name .tsx lines', async () => {
    const { server, url } = await dev();
    const { page, errors } = await counterAt(url, 3);
    await page.evaluate(() => {
      (window as unknown as { kept: boolean }).kept = true;
    });
    const original = read('src/views/counter.tsx');

    write(
      'src/views/counter.tsx',
      original.replace('<h1>Counter</h1>', '<h1>Counter, in JSX</h1>'),
    );
    await expect.poll(() => page.textContent('h1'), { timeout: 15_000 }).toBe('Counter, in JSX');
    await server.waitFor(/1 view kept its state/);
    // Re-rendered in place: the same document, the same count.
    expect(await page.evaluate(() => (window as unknown as { kept?: boolean }).kept)).toBe(true);
    expect(await count(page)).toBe('3');
    await page.click('button[aria-label=Increment]');
    await expect.poll(() => count(page)).toBe('4');

    // A render that throws at 5: the overlay names the .tsx line of the throw, through the
    // compile step's source map and esbuild's.
    const failing = `${original
      .replace('<h1>Counter</h1>', '<h1>Counter, failing at 5</h1>')
      .replace(
        '<output id="count">{count}</output>',
        '<output id="count">{count > 4 ? boom(count) : count}</output>',
      )}\nfunction boom(n: number): never {\n  throw new Error(\`boom at \${n}\`);\n}\n`;
    const throwLine = failing.split('\n').findIndex((line) => line.includes('throw new')) + 1;
    write('src/views/counter.tsx', failing);
    await expect
      .poll(() => page.textContent('h1'), { timeout: 15_000 })
      .toBe('Counter, failing at 5');
    await page.click('button[aria-label=Increment]');
    const overlay = page.locator('kinetic-dev-overlay');
    await overlay.waitFor({ timeout: 15_000 });
    expect(await overlay.locator('.message').textContent()).toContain('boom at 5');
    expect(await overlay.locator('.file').textContent()).toMatch(
      new RegExp(`^src/views/counter\\.tsx:${throwLine}:\\d+$`),
    );
    write('src/views/counter.tsx', original);

    // Compiled by the CLI: never the fallback runtime, so never the warning (the app
    // process looks every second).
    await page.waitForTimeout(1500);
    expect(server.output()).not.toMatch(WARNING);
    expect(errors.filter((error) => !/boom at 5|WebSocket|ERR_CONNECTION/.test(error))).toEqual([]);
    await page.close();
    await server.stop();
  }, 60_000);

  it('type checks with kinetic check, builds, and kinetic start serves it', async () => {
    const check = kinetic(['check'], app);
    expect(check.status, check.output).toBe(0);
    expect(check.output).toContain('no type errors');

    const built = kinetic(['build'], app);
    expect(built.status, built.output).toBe(0);
    // The compile step ran: the counter's markup is one template's statics in the bundle
    // (the fallback would build `<output` and ` id=` apart, at render time).
    expect(readFileSync(join(app, 'dist', 'app.js'), 'utf8')).toContain('<output id="count">');

    const port = await freePort();
    const server = start(['start', '--port', String(port)], {
      KINETIC_SECRET: 'e2e-secret-Jq7Xv2Lm9Pz4Wk8Rt3Hb6Ny1',
    });
    await server.waitFor(/Server listening/);
    const { page } = await counterAt(`http://127.0.0.1:${port}/`, 2);
    expect(await page.textContent('.welcome-lead')).toContain('written in JSX');
    await page.close();
    await server.stop();
  }, 60_000);

  it('warns once in kinetic dev when views render without the compile step', async () => {
    // The app stops declaring @kinetic/jsx (as an html app that gained a .tsx view would):
    // the CLI has no compiler to run, esbuild's own JSX transform takes the tsconfig's
    // jsxImportSource, and the views render through @kinetic/core's fallback runtime.
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    delete pkg.dependencies['@kinetic/jsx'];
    write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);

    const { server, url } = await dev();
    const { page } = await counterAt(url, 2);
    await server.waitFor(WARNING, 15_000);
    expect(server.output()).toContain('Add @kinetic/jsx to the app');
    // More renders, a page load (a new view, from 0) and a restart after an edit: still
    // said once, and the page works on the fallback.
    await page.reload();
    await page.waitForSelector('[data-live-view].lv-connected');
    write(
      'src/views/counter.tsx',
      read('src/views/counter.tsx').replace('<h1>Counter</h1>', '<h1>Fallback</h1>'),
    );
    await expect.poll(() => page.textContent('h1'), { timeout: 15_000 }).toBe('Fallback');
    await page.click('button[aria-label=Increment]');
    await expect.poll(() => count(page)).toBe('1');
    await page.waitForTimeout(1500);
    expect(server.output().match(WARNING)).toHaveLength(1);
    await page.close();
  }, 60_000);
});
