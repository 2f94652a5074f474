import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage } from './support/browser.js';
import { packPackages, repoRoot } from './support/cli-packages.js';
import { freePort, type RunningProcess, run, startProcess } from './support/cli-process.js';

// The page a new app lands on, as its user sees it in Chromium: on a phone in dark mode, in
// `kinetic dev` with its links to the shipped docs, and built, where no link may point at a
// route only the dev server answers. The app is made from tarballs of this checkout, in a
// temp folder; every server listens on 127.0.0.1 and is stopped at the end.

const node = process.execPath;
let work: string;
let app: string;
let browser: Browser | undefined;
const servers: RunningProcess[] = [];

const startKinetic = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => {
  const bin = join(app, 'node_modules', 'kinetic', 'dist', 'bin.js');
  const server = startProcess(node, [bin, ...args], app, env);
  servers.push(server);
  return server;
};

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'kinetic-welcome-e2e-'));
  const packs = join(work, 'packages');
  mkdirSync(packs);
  packPackages(packs);
  const create = join(repoRoot, 'cli', 'create-kinetic', 'index.js');
  run(node, [create, 'my-app', '--local-packages', packs, '--pm', 'npm', '--no-git'], work, {
    npm_config_user_agent: 'npm/10.0.0 node/v20 linux x64',
  });
  app = join(work, 'my-app');
}, 240_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await browser?.close();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('the welcome page', () => {
  it('in kinetic dev, on a phone in dark mode: fits, counts, and its docs links open', async () => {
    const dev = startKinetic(['dev', '--port', '0']);
    const [, url] = await dev.waitFor(/App:\s+(http:\/\/127\.0\.0\.1:\d+\/)/);
    browser ??= await launchBrowser();
    const { page, errors } = await newPage(browser);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(url as string);
    await page.waitForSelector('[data-live-view].lv-connected');
    expect(await page.textContent('.welcome-lead')).toContain('This is a Kinetic app.');
    // Dark mode took: the page is dark, its text light.
    const [background, ink] = await page.evaluate(() => [
      getComputedStyle(document.documentElement).backgroundColor,
      getComputedStyle(document.documentElement).color,
    ]);
    expect(background).toBe('rgb(20, 22, 28)');
    expect(ink).toBe('rgb(228, 231, 238)');
    // Nothing wider than the phone but the commands' own scroll box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    await page.click('button[aria-label=Increment]');
    await expect.poll(() => page.textContent('#count')).toBe('1');

    await page.click('a[href="/__kinetic/docs/examples"]');
    await expect.poll(() => page.textContent('h1')).toBe('Examples');
    await page.click('text=← All docs');
    await expect.poll(() => page.textContent('h1')).toBe('Kinetic docs');
    await page.click('text=Views, components and bindings');
    await expect.poll(() => page.locator('h2#a-view').count()).toBe(1);
    // A link between docs lands on the other doc's heading.
    await page.click('a[href="security#error-pages"]');
    await expect.poll(() => page.url()).toMatch(/\/__kinetic\/docs\/security#error-pages$/);
    expect(await page.locator('h2#error-pages, h3#error-pages').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
    await dev.stop();
  }, 90_000);

  it('built and started: the same words, and no link to the dev server', async () => {
    run(node, [join(app, 'node_modules', 'kinetic', 'dist', 'bin.js'), 'build'], app);
    const port = await freePort();
    const server = startKinetic(['start', '--port', String(port)], {
      KINETIC_SECRET: 'e2e-secret-Jq7Xv2Lm9Pz4Wk8Rt3Hb6Ny1',
    });
    await server.waitFor(/Server listening/);
    browser ??= await launchBrowser();
    const { page, errors } = await newPage(browser);
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForSelector('[data-live-view].lv-connected');
    expect(await page.textContent('.welcome-next')).toContain('/__kinetic/docs/');
    expect(await page.locator('a[href^="/__kinetic/"]').count()).toBe(0);
    for (const href of await page
      .locator('a')
      .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href))) {
      expect((await fetch(href)).status, href).toBe(200);
    }
    expect(errors).toEqual([]);
    await page.close();
    await server.stop();
  }, 90_000);
});
