// The errors of the `kinetic` CLI that other tests do not reach, through the built CLI in a
// child process, on an app made by `kinetic new`: the code the user reads, and what to do.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, kinetic, linkWorkspacePackages, removeDir, tempDir } from '../test/run-cli.js';

let dir: string;
let app: string;

beforeAll(() => {
  dir = tempDir();
  app = join(dir, 'app');
  expect(kinetic(['new', 'app', '--no-install', '--no-git'], dir).status).toBe(0);
  linkWorkspacePackages(app);
}, 60_000);
afterAll(() => removeDir(dir));

/** Runs `run` with `file` (in the app) changed by `change`, then puts it back. */
function withChanged<T>(file: string, change: (source: string) => string, run: () => T): T {
  const path = join(app, file);
  const source = readFileSync(path, 'utf8');
  writeFileSync(path, change(source));
  try {
    return run();
  } finally {
    writeFileSync(path, source);
  }
}

describe('KN_ERR_CLI_BAD_OPTION', () => {
  it('kinetic generate refuses a --path that is not a URL path', () => {
    const { status, stderr } = kinetic(['generate', 'live', 'Clock', '--path', 'clock'], app);
    expect(status).toBe(1);
    expect(stderr).toContain('KN_ERR_CLI_BAD_OPTION');
    expect(stderr).toContain('a URL path such as /clock');
    expect(existsSync(join(app, 'src', 'views', 'clock.ts'))).toBe(false);
  });
});

describe('KN_ERR_CLI_BUILD_FAILED', () => {
  it('kinetic build names the file and line esbuild cannot read', () => {
    const result = withChanged(
      join('src', 'views', 'counter.ts'),
      (source) => `${source}\nexport const broken = ;\n`,
      () => kinetic(['build', '--no-typecheck', '--out', 'dist-broken'], app),
    );
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/src\/views\/counter\.ts:\d+/);
    expect(result.output).toContain('KN_ERR_CLI_BUILD_FAILED');
    expect(result.output).toContain('Fix them and build again');
    expect(existsSync(join(app, 'dist-broken', 'manifest.json'))).toBe(false);
  }, 60_000);
});

describe('KN_ERR_CLI_APP_START', () => {
  it('kinetic routes reports an app whose main exits before it listens, with its output', () => {
    const result = withChanged(
      join('src', 'main.ts'),
      () => "throw new Error('the database at db.internal is not reachable');\n",
      () => kinetic(['routes'], app),
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('KN_ERR_CLI_APP_START');
    expect(result.stderr).toContain('the database at db.internal is not reachable');
    expect(result.stderr).toContain('must create a Fastify app and call listen()');
  }, 60_000);
});

// The questions of `kinetic new` need a terminal: util-linux `script` (Debian's bsdutils,
// which every Debian system has) gives the CLI one.
describe('KN_ERR_CLI_CANCELLED', () => {
  it('Ctrl+C at a question of kinetic new cancels, writing nothing', async () => {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} new`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', npm_config_user_agent: '' },
    });
    let output = '';
    const asked = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('?')) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await asked;
    child.stdin.write('\x03');
    const status = await exited;
    expect(output).toContain('KN_ERR_CLI_CANCELLED');
    expect(output).toContain('nothing was written');
    expect(status).toBe(1);
    expect(existsSync(join(dir, 'kinetic-app'))).toBe(false);
  }, 30_000);
});
