import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';

// serve() in a real server process (the built `kinetic/server`, a Fastify app with the kinetic
// plugin), stopped with real signals while connections hold on.

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const url = (path: string) => pathToFileURL(join(repo, path)).href;
const dir = mkdtempSync(join(tmpdir(), 'kinetic-serve-'));
const fixture = join(dir, 'server.mjs');
writeFileSync(
  fixture,
  `import Fastify from '${url('packages/transport/node_modules/fastify/fastify.js')}';
import { kinetic } from '${url('packages/transport/dist/index.js')}';
import { defineView, html } from '${url('packages/core/dist/index.js')}';
import { serve } from '${url('packages/transport/dist/index.js')}';

async function buildApp() {
  const app = Fastify();
  await app.register(kinetic, { secret: process.env.KINETIC_SECRET ?? '' });
  app.live('/', defineView({ name: 'Hello', mount: () => ({}), render: () => html\`<p>hello</p>\` }));
  app.get('/hang', () => new Promise(() => {}));
  return app;
}
await serve(buildApp(), { name: 'Fixture' });
`,
);
const SECRET = 'serve-test-secret-Jq7Xv2Lm9Pz4Wk8Rt3Hb6Ny1';

interface RunningServer {
  readonly child: ChildProcess;
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
const running: RunningServer[] = [];
const opened: { destroy(): void }[] = [];

function startServer(env: NodeJS.ProcessEnv): RunningServer {
  const child = spawn(process.execPath, [fixture], {
    env: { ...process.env, PORT: '0', KINETIC_SECRET: SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const server = { child, output: () => text, exited };
  running.push(server);
  return server;
}

/** The port, once the server says it listens. */
async function listening(server: RunningServer): Promise<number> {
  await vi.waitFor(
    () => expect(server.output()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\//),
    {
      timeout: 15_000,
    },
  );
  return Number(/127\.0\.0\.1:(\d+)\//.exec(server.output())?.[1]);
}

/** A TCP connection that never sends a byte, as a browser's preconnect. */
function silentConnection(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
    opened.push(socket);
  });
}

/** A request the server never answers, still in flight. */
async function requestInFlight(port: number): Promise<void> {
  const pending = request({ port, host: '127.0.0.1', path: '/hang' });
  pending.on('error', () => {});
  pending.end();
  opened.push(pending);
  await new Promise((resolve) => setTimeout(resolve, 200));
}

/** Resolves when the process has exited; fails the test past `ms` (generous: not a speed check). */
async function exitWithin(server: RunningServer, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`still running after ${ms} ms:\n${server.output()}`)),
      ms,
    );
  });
  try {
    return await Promise.race([server.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

afterEach(() => {
  for (const socket of opened.splice(0)) socket.destroy();
  for (const server of running.splice(0)) server.child.kill('SIGKILL');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('serve: stopping', () => {
  it('stops on SIGTERM while a silent connection and an idle WebSocket are open', async () => {
    const server = startServer({ KINETIC_SHUTDOWN_DEADLINE_MS: '60000' });
    const port = await listening(server);
    await silentConnection(port);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/_kinetic/live/websocket`);
    opened.push({ destroy: () => ws.terminate() });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    expect(await exitWithin(server, 20_000)).toEqual({ code: 0, signal: null });
    expect(await closed).toBe(1001);
  }, 40_000);

  it('exits with 1 once the deadline passes, whatever is still in flight', async () => {
    const server = startServer({ KINETIC_SHUTDOWN_DEADLINE_MS: '1000' });
    await requestInFlight(await listening(server));
    server.child.kill('SIGTERM');
    expect((await exitWithin(server, 20_000)).code).toBe(1);
    expect(server.output()).toContain('Not stopped within 1000 ms');
  }, 40_000);

  it('a second Ctrl-C exits at once, with 130', async () => {
    const server = startServer({ KINETIC_SHUTDOWN_DEADLINE_MS: '120000' });
    await requestInFlight(await listening(server));
    server.child.kill('SIGINT');
    await vi.waitFor(() => expect(server.output()).toContain('SIGINT: stopping'));
    // A person's second keypress, not the same one forwarded (see the next test).
    await new Promise((resolve) => setTimeout(resolve, 500));
    server.child.kill('SIGINT');
    expect(await exitWithin(server, 20_000)).toEqual({ code: 130, signal: null });
    expect(server.output()).toContain('SIGINT again: exiting now');
  }, 40_000);

  it('a second SIGTERM exits at once, with 143', async () => {
    const server = startServer({ KINETIC_SHUTDOWN_DEADLINE_MS: '120000' });
    await requestInFlight(await listening(server));
    server.child.kill('SIGTERM');
    await vi.waitFor(() => expect(server.output()).toContain('SIGTERM: stopping'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    server.child.kill('SIGTERM');
    expect(await exitWithin(server, 20_000)).toEqual({ code: 143, signal: null });
  }, 40_000);

  it('one Ctrl-C delivered twice (terminal and npm) is one graceful stop', async () => {
    const server = startServer({ KINETIC_SHUTDOWN_DEADLINE_MS: '1500' });
    await requestInFlight(await listening(server));
    server.child.kill('SIGINT');
    server.child.kill('SIGINT');
    // Not 130: the repeat was taken as the same keypress, and the deadline ended the stop.
    expect((await exitWithin(server, 20_000)).code).toBe(1);
    expect(server.output()).not.toContain('again: exiting now');
  }, 40_000);
});

describe('serve: starting', () => {
  it('prints where it listens only once it listens', async () => {
    const server = startServer({});
    const port = await listening(server);
    // The line is out: the port answers already.
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect(response.status).toBe(200);
    expect(server.output()).toMatch(
      new RegExp(`^Fixture listening on http://127\\.0\\.0\\.1:${port}/ \\(Ctrl-C to stop\\)\\n$`),
    );
  }, 30_000);

  it('a port in use: one line naming it and how to pick another, exit 1', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const server = startServer({ PORT: String(port) });
      expect((await exitWithin(server, 20_000)).code).toBe(1);
      const lines = server.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('KN_ERR_PORT_IN_USE');
      expect(lines[0]).toContain(`port ${port} on 127.0.0.1 is in use`);
      expect(lines[0]).toMatch(/PORT=.*--port/);
    } finally {
      taken.close();
    }
  }, 30_000);

  it('a configuration error: one line with its code and what to do, exit 1, no banner', async () => {
    const server = startServer({ KINETIC_SECRET: 'too-short' });
    expect((await exitWithin(server, 20_000)).code).toBe(1);
    expect(server.output().trim().split('\n')).toEqual([
      expect.stringMatching(/^KN_ERR_SECRET: .*at least 32 characters.*KINETIC_SECRET/),
    ]);
  }, 30_000);
});
