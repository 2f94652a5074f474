import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { kinetic, linkWorkspacePackages, removeDir, tempDir } from '../../test/run-cli.js';

// `kinetic routes` on a new app, through the real CLI: what the running app declares.

let dir: string;
let app: string;

beforeAll(() => {
  dir = tempDir();
  app = join(dir, 'app');
  expect(kinetic(['new', 'app', '--no-install', '--no-git'], dir).status).toBe(0);
  linkWorkspacePackages(app);
}, 60_000);
afterAll(() => removeDir(dir));

it('lists the live routes with their views, generated ones included', () => {
  expect(kinetic(['generate', 'live', 'Clock'], app).status).toBe(0);
  const result = kinetic(['routes'], app);
  expect(result.status, result.output).toBe(0);
  expect(result.output).toMatch(/^\/\s+Counter$/m);
  expect(result.output).toMatch(/^\/clock\s+Clock\w*$/m);
}, 60_000);

it('a route added in a loop shows too: it is the running app that answers', () => {
  const routes = join(app, 'src', 'routes.ts');
  const source = readFileSync(routes, 'utf8');
  writeFileSync(
    routes,
    source.replace(
      /(export function routes\(app: FastifyInstance\)[^{]*\{)/,
      '$1\n  for (const n of [1, 2]) app.live(`/counter/${n}`, Counter);',
    ),
  );
  try {
    const result = kinetic(['routes'], app);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toMatch(/^\/counter\/1\s+Counter$/m);
    expect(result.output).toMatch(/^\/counter\/2\s+Counter$/m);
  } finally {
    writeFileSync(routes, source);
  }
}, 60_000);
