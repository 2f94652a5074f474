import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { BIN, kinetic, linkWorkspacePackages, removeDir, tempDir } from '../../test/run-cli.js';

// `kinetic dev`'s keys, through its real stdin: h lists them, r restarts, q quits.

let dir: string;
let dev: ChildProcess;
let output = '';
let exited: Promise<number | null>;

beforeAll(async () => {
  dir = tempDir();
  const app = join(dir, 'app');
  expect(kinetic(['new', 'app', '--no-install', '--no-git'], dir).status).toBe(0);
  linkWorkspacePackages(app);
  dev = spawn(process.execPath, [BIN, 'dev', '--port', '0'], {
    cwd: app,
    env: { ...process.env, NO_COLOR: '1', KINETIC_DEV_SHORTCUTS: '1' },
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  exited = new Promise((resolve) => dev.once('exit', resolve));
  for (const stream of [dev.stdout, dev.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      output += chunk;
    });
  }
  await vi.waitFor(() => expect(output).toContain('press h + enter for shortcuts'), {
    timeout: 20_000,
  });
}, 30_000);

afterAll(() => {
  if (dev?.pid !== undefined && dev.exitCode === null) {
    try {
      process.kill(-dev.pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  removeDir(dir);
});

const press = (key: string) => dev.stdin?.write(`${key}\n`);

it('h lists the shortcuts', async () => {
  press('h');
  await vi.waitFor(() => expect(output).toContain('press r + enter to rebuild and restart'));
  expect(output).toContain('press q + enter to quit');
});

it('r restarts the app', async () => {
  const from = output.length;
  press('r');
  await vi.waitFor(() => expect(output.slice(from)).toMatch(/\d\d:\d\d:\d\d restarted in \d/), {
    timeout: 20_000,
  });
});

it('q quits, with exit code 0', async () => {
  press('q');
  expect(await exited).toBe(0);
}, 20_000);
