import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { kinetic, linkWorkspacePackages, removeDir, tempDir } from '../../test/run-cli.js';

// `kinetic check` on a new app, through the real CLI: clean, then with a type error.

let dir: string;
let app: string;

beforeAll(() => {
  dir = tempDir();
  app = join(dir, 'app');
  expect(kinetic(['new', 'app', '--no-install', '--no-git'], dir).status).toBe(0);
  linkWorkspacePackages(app, { devTools: true });
}, 60_000);
afterAll(() => removeDir(dir));

it('a new app has no type errors', () => {
  const result = kinetic(['check'], app);
  expect(result.status, result.output).toBe(0);
  expect(result.output).toContain('no type errors');
}, 60_000);

it('a type error is shown with its file and line, and the exit code says so', () => {
  const file = join(app, 'src', 'views', 'counter.ts');
  const source = readFileSync(file, 'utf8');
  writeFileSync(file, `${source}\nexport const wrong: number = 'not a number';\n`);
  try {
    const result = kinetic(['check'], app);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/src\/views\/counter\.ts[:(]\d+[:,]\d+/);
    expect(result.output).toContain("Type 'string' is not assignable to type 'number'");
    expect(result.output).toContain('type errors above');
  } finally {
    writeFileSync(file, source);
  }
}, 60_000);

it('without TypeScript installed: KN_ERR_CLI_NO_TYPESCRIPT and what to do', () => {
  const bare = join(dir, 'bare');
  expect(kinetic(['new', 'bare', '--no-install', '--no-git'], dir).status).toBe(0);
  const result = kinetic(['check'], bare);
  expect(result.status).toBe(1);
  expect(result.output).toContain('KN_ERR_CLI_NO_TYPESCRIPT');
  expect(result.output).toContain('npm install');
});
