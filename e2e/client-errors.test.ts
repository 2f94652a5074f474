/**
 * The errors the browser runtime reports, in Chromium against the small protocol server
 * (support/fake-live-server.ts): a hook the page names but does not define, a hook element
 * without an id, a push while disconnected, a server message that cannot be applied. Each
 * is asserted by its code, where a developer meets it: the console, or the rejected promise.
 */
import { html } from '@kinetic/diff';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { launchBrowser, newPage } from './support/browser.js';
import { type Connection, TestServer, view } from './support/fake-live-server.js';

const HOOKS = `<script>
window.KineticHooks = {
  Known: { mounted() { window.known = this; } },
  Nameless: { mounted() {} },
};
</script>`;

const views = {
  hooks: view({
    head: HOOKS,
    mount: () => ({ n: 0 }),
    render: ({ n }: { n: number }) => html`<p id="n">${n}</p>
<div id="known" lv-hook="Known">known</div>
<div lv-hook="Nameless">no id</div>
<div id="ghost" lv-hook="Ghost">ghost</div>
<button id="inc" lv-click="inc">+</button>`,
    handleEvent: (_event, _payload, { n }: { n: number }) => ({ state: { n: n + 1 } }),
  }),
};

let browser: Browser;
let server: TestServer;
let page: Page;
let errors: string[];

beforeAll(async () => {
  server = new TestServer(views);
  await server.listen();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
afterEach(async () => {
  server.refuse = false;
  await page?.close();
});

async function open(): Promise<Connection> {
  ({ page, errors } = await newPage(browser));
  await page.goto(`${server.base}/hooks`);
  await page.waitForSelector('#root-hooks.lv-connected');
  return server.last();
}

it('KN_ERR_CLIENT_UNKNOWN_HOOK: an lv-hook no one defined is named on the console', async () => {
  await open();
  const logged = errors.filter((e) => e.includes('KN_ERR_CLIENT_UNKNOWN_HOOK'));
  expect(logged).toHaveLength(1);
  expect(logged[0]).toContain('no hook named "Ghost"');
  expect(logged[0]).toContain('window.KineticHooks.Ghost');
  // The hooks that are defined still run.
  expect(await page.evaluate(() => (window as { known?: unknown }).known !== undefined)).toBe(true);
});

it('KN_ERR_CLIENT_HOOK_WITHOUT_ID: a hook element without an id is named on the console', async () => {
  await open();
  const logged = errors.filter((e) => e.includes('KN_ERR_CLIENT_HOOK_WITHOUT_ID'));
  expect(logged).toHaveLength(1);
  expect(logged[0]).toContain('lv-hook="Nameless" has no id');
  expect(logged[0]).toContain('give it a unique id');
});

it('KN_ERR_CLIENT_NOT_CONNECTED: a hook that pushes while the view is disconnected is told', async () => {
  const conn = await open();
  // The server goes away and stays away.
  server.refuse = true;
  conn.ws.terminate();
  await page.waitForSelector('#root-hooks:not(.lv-connected)');
  const outcome = await page.evaluate(() =>
    (window as unknown as { known: { pushEvent(e: string): Promise<unknown> } }).known
      .pushEvent('inc')
      .then(
        () => 'sent',
        (error: { code?: string; message?: string }) => `${error.code} | ${error.message}`,
      ),
  );
  expect(outcome).toMatch(/^KN_ERR_CLIENT_NOT_CONNECTED \| /);
  expect(outcome).toContain('"inc" was not sent: the view is not connected');
});

it('KN_ERR_CLIENT_BAD_FRAME: a server message that is not JSON is logged, and the page rejoins', async () => {
  const conn = await open();
  const connections = server.connections.length;
  conn.ws.send('{"not json');
  await expect
    .poll(() => errors.filter((e) => e.includes('KN_ERR_CLIENT_BAD_FRAME')).length)
    .toBe(1);
  expect(errors.find((e) => e.includes('KN_ERR_CLIENT_BAD_FRAME'))).toContain(
    'Reconnecting to get a full render',
  );
  // It reconnected and joined again, and the page works.
  await expect.poll(() => server.connections.length).toBeGreaterThan(connections);
  await page.waitForSelector('#root-hooks.lv-connected');
  await page.click('#inc');
  await expect.poll(() => page.textContent('#n')).toBe('1');
});
