import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { launchBrowser, newPage } from './support/browser.js';
import { repoRoot } from './support/cli-packages.js';
import { freePort, type RunningProcess, startProcess } from './support/cli-process.js';

// Stopping the servers this repository starts, while browsers hold connections open: the
// counter example (as `pnpm --filter … start` and `npm start` run it) and `npm start`
// itself. Each is signalled as a terminal or a process manager would; "exits within" bounds
// are generous deadlines, not speed checks. The template app's `kinetic start` is covered by
// cli/kinetic/src/build/start.test.ts, serve() itself by cli/kinetic/src/server/serve.test.ts.

const node = process.execPath;
const counter = join(repoRoot, 'examples', 'counter');
const SECRET = 'e2e-secret-Jq7Xv2Lm9Pz4Wk8Rt3Hb6Ny1';
const processes: RunningProcess[] = [];
const opened: { destroy(): void }[] = [];
let browser: Browser | undefined;

function exited(server: RunningProcess, ms: number): Promise<number | null> {
  const { child } = server;
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`still running after ${ms} ms:\n${server.output()}`)),
      ms,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** A connection that never sends a byte, as a browser's preconnect. */
function silentConnection(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
    opened.push(socket);
  });
}

async function idleWebSocket(port: number): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/_kinetic/live/websocket`);
  opened.push({ destroy: () => ws.terminate() });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

function startCounter(port: number, env: NodeJS.ProcessEnv = {}): RunningProcess {
  const server = startProcess(node, ['--import', 'tsx', 'src/main.ts'], counter, {
    PORT: String(port),
    KINETIC_SECRET: SECRET,
    LOG_LEVEL: 'warn',
    ...env,
  });
  processes.push(server);
  return server;
}

afterEach(async () => {
  for (const socket of opened.splice(0)) socket.destroy();
  await Promise.all(processes.splice(0).map((server) => server.stop()));
});
afterAll(async () => {
  await browser?.close();
});

describe('the counter example', () => {
  it('stops on SIGTERM while Chromium has the page open, a silent connection and an idle WebSocket', async () => {
    const port = await freePort();
    const server = startCounter(port);
    await server.waitFor(/Kinetic counter listening on http:\/\/127\.0\.0\.1:\d+\//);
    browser ??= await launchBrowser();
    const { page } = await newPage(browser);
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForSelector('[data-live-view].lv-connected');
    await silentConnection(port);
    await idleWebSocket(port);
    server.child.kill('SIGTERM');
    expect(await exited(server, 20_000)).toBe(0);
    expect(await portFree(port)).toBe(true);
    await page.close();
  }, 60_000);

  it('a second signal exits at once, while the first waits on its deadline', async () => {
    const port = await freePort();
    const server = startCounter(port, { KINETIC_SHUTDOWN_DEADLINE_MS: '120000' });
    await server.waitFor(/Kinetic counter listening/);
    // A request that has sent its headers but not its body holds the stop until the deadline.
    const socket = await silentConnection(port);
    socket.write(
      'POST /_kinetic/live/poll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.child.kill('SIGINT');
    await server.waitFor(/SIGINT: stopping/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    server.child.kill('SIGINT');
    expect(await exited(server, 20_000)).toBe(130);
  }, 60_000);

  it('a configuration error is one line: no secret in production', async () => {
    const port = await freePort();
    const server = startCounter(port, { NODE_ENV: 'production', KINETIC_SECRET: '' });
    expect(await exited(server, 20_000)).toBe(1);
    expect(server.output().trim().split('\n')).toEqual([
      expect.stringMatching(/^KN_ERR_SECRET: KINETIC_SECRET is not set\./),
    ]);
  }, 30_000);
});

describe('npm start (scripts/quickstart.mjs)', () => {
  it('stops on SIGTERM with the server it started, leaving nothing running', async () => {
    const port = await freePort();
    const quickstart = startProcess(node, [join(repoRoot, 'scripts', 'quickstart.mjs')], repoRoot, {
      PORT: String(port),
      KINETIC_SECRET: SECRET,
      LOG_LEVEL: 'warn',
    });
    processes.push(quickstart);
    // It builds first: turbo's cache makes that quick when nothing changed.
    await quickstart.waitFor(/Kinetic counter listening on http:\/\/127\.0\.0\.1:\d+\//, 240_000);
    await silentConnection(port);
    await idleWebSocket(port);
    // Only the script itself, as a process manager (or npm) signals it; not its group.
    quickstart.child.kill('SIGTERM');
    expect(await exited(quickstart, 20_000)).toBe(0);
    expect(await portFree(port)).toBe(true);
  }, 300_000);
});
