// One command makes an app from this checkout: `npm run new-app -- <dir>`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kinetic-new-app-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('npm run new-app makes an app whose Kinetic packages are this checkout’s', () => {
  const app = join(dir, 'my-app');
  const result = spawnSync(
    process.execPath,
    [join(root, 'scripts', 'new-app.mjs'), app, '--no-install', '--no-git'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  expect(result.status, result.stdout + result.stderr).toBe(0);
  const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  for (const name of ['@kinetic/core', '@kinetic/transport', 'kinetic']) {
    const spec = String(pkg.dependencies[name]);
    expect(spec).toMatch(/^file:.*\.tgz$/);
    expect(existsSync(spec.slice('file:'.length).replace(/^(?!\/)/, `${app}/`))).toBe(true);
  }
  expect(existsSync(join(app, 'src', 'main.ts'))).toBe(true);
}, 180_000);
