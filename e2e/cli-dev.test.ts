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
import { type RunningProcess, startProcess } from './support/cli-process.js';

// `kinetic dev` in Chromium, on the edits that used to lose a page's state or never reach
// it: a start that fails, and the layout. The app is made with `kinetic new` and linked to
// this checkout's packages (no install), so this runs in seconds; e2e/cli.test.ts walks the
// whole path from packed tarballs.

let dir: string;
let app: string;
let dev: RunningProcess;
let browser: Browser;
let url: string;

const read = (file: string) => readFileSync(join(app, file), 'utf8');
const write = (file: string, text: string) => writeFileSync(join(app, file), text);
const count = (page: Page) => page.textContent('#count');

beforeAll(async () => {
  dir = tempDir();
  app = join(dir, 'app');
  expect(kinetic(['new', 'app', '--no-install', '--no-git'], dir).status).toBe(0);
  linkWorkspacePackages(app);
  dev = startProcess(process.execPath, [BIN, 'dev', '--port', '0'], app);
  [, url = ''] = await dev.waitFor(/App:\s+(http:\/\/127\.0\.0\.1:\d+\/)/);
  browser = await launchBrowser();
});

afterAll(async () => {
  await dev?.stop();
  await browser?.close();
  if (dir !== undefined) removeDir(dir);
});

/** The counter page, connected, counted up to `n`. */
async function counterAt(n: number) {
  const watched = await newPage(browser);
  const { page } = watched;
  await page.goto(url);
  await page.waitForSelector('[data-live-view].lv-connected');
  for (let i = 0; i < n; i++) await page.click('button[aria-label=Increment]');
  await expect.poll(() => count(page)).toBe(String(n));
  return watched;
}

describe('kinetic dev in the browser', () => {
  it('keeps the count through starts that fail, and shows why they failed', async () => {
    const { page, errors } = await counterAt(3);
    const appSource = read('src/app.ts');
    const routes = read('src/routes.ts');

    write('src/app.ts', `throw new Error('not today');\n${appSource}`);
    const overlay = page.locator('kinetic-dev-overlay');
    await overlay.waitFor({ timeout: 15_000 });
    expect(await overlay.locator('.message').textContent()).toContain('not today');

    // Fixed, and broken again another way before any page re-joined.
    write('src/app.ts', appSource);
    write(
      'src/routes.ts',
      routes.replace(
        "app.live('/', Counter);",
        "app.live('/', Counter);\n  app.live('/', Counter);",
      ),
    );
    await expect
      .poll(() => overlay.locator('.message').textContent(), { timeout: 15_000 })
      .toContain('KN_ERR_ROUTE_CONFLICT');

    write('src/routes.ts', routes);
    await overlay.waitFor({ state: 'detached', timeout: 15_000 });
    await page.waitForSelector('[data-live-view].lv-connected');
    await expect.poll(() => count(page), { timeout: 15_000 }).toBe('3');
    await page.click('button[aria-label=Increment]');
    await expect.poll(() => count(page)).toBe('4');
    // The runtime logs its failed reconnects while no app runs; nothing else may fail.
    expect(errors.filter((error) => !/WebSocket|ERR_CONNECTION|503/.test(error))).toEqual([]);
    await page.close();
  }, 60_000);

  it('reloads the page when the layout changes, and the view keeps its state', async () => {
    const { page, errors } = await counterAt(3);
    await page.evaluate(() => {
      (window as unknown as { kept: boolean }).kept = true;
    });
    const layout = read('src/layout.ts');
    write(
      'src/layout.ts',
      layout.replace(
        '<main class="site-main">',
        '<p id="banner">Edited</p><main class="site-main">',
      ),
    );
    await expect
      .poll(() => page.evaluate(() => document.querySelector('#banner')?.textContent), {
        timeout: 15_000,
      })
      .toBe('Edited');
    // A reload: the document is a new one, and the view re-joined with its count.
    expect(
      await page.evaluate(() => (window as unknown as { kept?: boolean }).kept),
    ).toBeUndefined();
    await page.waitForSelector('[data-live-view].lv-connected');
    await expect.poll(() => count(page), { timeout: 15_000 }).toBe('3');
    await page.click('button[aria-label=Increment]');
    await expect.poll(() => count(page)).toBe('4');

    // A view's own edit still re-renders in place: no reload.
    await page.evaluate(() => {
      (window as unknown as { kept: boolean }).kept = true;
    });
    write(
      'src/views/counter.ts',
      read('src/views/counter.ts').replace('<h1>Counter</h1>', '<h1>Counter, edited</h1>'),
    );
    await expect.poll(() => page.textContent('h1'), { timeout: 15_000 }).toBe('Counter, edited');
    // Time for a reload that should not come.
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { kept?: boolean }).kept)).toBe(true);
    expect(await count(page)).toBe('4');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
