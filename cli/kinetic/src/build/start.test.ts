import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BIN, kinetic, linkWorkspacePackages, removeDir, tempDir } from '../../test/run-cli.js';

// `kinetic start` on a new app (linked to this repository's packages) and built, in child
// processes: what a user sees when the production server starts, fails to, and stops.

const SECRET = 'start-test-secret-Jq7Xv2Lm9Pz4Wk8Rt3Hb6Ny1';
let dir: string;
let app: string;

interface Started {
  readonly child: ChildProcess;
  output(): string;
  readonly exited: Promise<number | null>;
}
const running: Started[] = [];
const sockets: Socket[] = [];

function startApp(args: readonly string[], env: NodeJS.ProcessEnv = {}): Started {
  const child = spawn(process.execPath, [BIN, 'start', ...args], {
    cwd: app,
    env: { ...process.env, NO_COLOR: '1', KINETIC_SECRET: undefined, PORT: undefined, ...env },
    // Its own process group, as in a terminal: the test signals only `kinetic start` itself.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const started = { child, output: () => text, exited };
  running.push(started);
  return started;
}

async function exitCode(started: Started, ms = 30_000): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`still running after ${ms} ms:\n${started.output()}`)),
      ms,
    );
  });
  try {
    return await Promise.race([started.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

beforeAll(() => {
  dir = tempDir();
  app = join(dir, 'app');
  expect(kinetic(['new', 'app', '--no-install', '--no-git'], dir).status).toBe(0);
  linkWorkspacePackages(app);
  const built = kinetic(['build'], app);
  expect(built.status, built.output).toBe(0);
}, 60_000);

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const started of running.splice(0)) {
    if (started.child.pid === undefined || started.child.exitCode !== null) continue;
    try {
      process.kill(-started.child.pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  rmSync(join(app, '.env'), { force: true });
});
afterAll(() => removeDir(dir));

describe('kinetic new', () => {
  it('writes a .env.example naming KINETIC_SECRET and PORT, and ignores .env', () => {
    const example = readFileSync(join(app, '.env.example'), 'utf8');
    expect(example).toMatch(/^KINETIC_SECRET=$/m);
    expect(example).toMatch(/^PORT=3000$/m);
    expect(readFileSync(join(app, '.gitignore'), 'utf8')).toMatch(/^\.env$/m);
    expect(existsSync(join(app, '.env'))).toBe(false);
  });
});

describe('kinetic start', () => {
  it('refuses to start without a secret: one line with KN_ERR_SECRET and what to do', async () => {
    const started = startApp(['--port', '0']);
    expect(await exitCode(started)).toBe(1);
    const output = started.output();
    expect(output).toMatch(/^KN_ERR_SECRET: KINETIC_SECRET is not set\. .*32\+ random/m);
    expect(output).not.toContain('listening on');
    // The header line and the error: no stack, no minified source.
    expect(output.trim().split('\n')).toHaveLength(2);
  }, 40_000);

  it('a short secret: one line, not the bundle', async () => {
    const started = startApp(['--port', '0'], { KINETIC_SECRET: 'short' });
    expect(await exitCode(started)).toBe(1);
    expect(started.output()).toMatch(/^KN_ERR_SECRET: the signing secret must be at least 32/m);
    expect(started.output().length).toBeLessThan(1000);
  }, 40_000);

  it('a port in use: one line naming the port and how to pick another', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const started = startApp(['--port', String(port)], { KINETIC_SECRET: SECRET });
      expect(await exitCode(started)).toBe(1);
      const output = started.output();
      expect(output).toMatch(
        new RegExp(
          `^KN_ERR_PORT_IN_USE: port ${port} on 127\\.0\\.0\\.1 is in use\\..*--port`,
          'm',
        ),
      );
      expect(output).not.toContain('EADDRINUSE');
      expect(output).not.toContain('listening on');
    } finally {
      taken.close();
    }
  }, 40_000);

  it('reads .env, says where it listens once it does, and stops on SIGTERM despite a silent connection', async () => {
    writeFileSync(join(app, '.env'), `KINETIC_SECRET=${SECRET}\n`);
    const started = startApp(['--port', '0']);
    await vi.waitFor(
      () => expect(started.output()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\//),
      { timeout: 20_000 },
    );
    const output = started.output();
    expect(output).toMatch(/^kinetic start dist \(NODE_ENV=production, \.env\)$/m);
    const port = Number(/127\.0\.0\.1:(\d+)\//.exec(output)?.[1]);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(await page.text()).toContain('data-live-view="Counter"');
    // A browser's preconnect: a connection that never sends a request.
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', resolve);
      socket.on('error', reject);
      sockets.push(socket);
    });
    started.child.kill('SIGTERM');
    expect(await exitCode(started, 20_000)).toBe(0);
    // The server went with it: nothing left holding the port.
    await vi.waitFor(async () => expect(await portFree(port)).toBe(true), { timeout: 5000 });
  }, 60_000);

  it('takes PORT from .env too', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    writeFileSync(join(app, '.env'), `KINETIC_SECRET=${SECRET}\nPORT=${port}\n`);
    const started = startApp([]);
    await vi.waitFor(
      () => expect(started.output()).toContain(`listening on http://127.0.0.1:${port}/`),
      {
        timeout: 20_000,
      },
    );
    started.child.kill('SIGTERM');
    expect(await exitCode(started, 20_000)).toBe(0);
  }, 60_000);

  it('Ctrl-C in a terminal (SIGINT to start and the server both) is one graceful stop', async () => {
    const started = startApp(['--port', '0'], { KINETIC_SECRET: SECRET });
    await vi.waitFor(() => expect(started.output()).toContain('listening on'), {
      timeout: 20_000,
    });
    // The terminal signals the whole process group; `kinetic start` forwards it as well.
    process.kill(-(started.child.pid as number), 'SIGINT');
    expect(await exitCode(started, 20_000)).toBe(0);
    expect(started.output()).not.toContain('again: exiting now');
  }, 60_000);

  it('the environment wins over .env', async () => {
    writeFileSync(join(app, '.env'), 'KINETIC_SECRET=short\n');
    const started = startApp(['--port', '0'], { KINETIC_SECRET: SECRET });
    await vi.waitFor(() => expect(started.output()).toContain('listening on'), {
      timeout: 20_000,
    });
    started.child.kill('SIGTERM');
    expect(await exitCode(started, 20_000)).toBe(0);
  }, 60_000);
});
