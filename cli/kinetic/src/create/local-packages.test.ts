import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileSpec, pointAtLocalPackages, readLocalPackages } from './local-packages.js';
import { readFromTarball } from './tarball.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** A tarball laid out as `npm pack` makes one. */
function pack(name: string, file: string): string {
  dir ??= mkdtempSync(join(tmpdir(), 'kinetic-packs-'));
  const root = join(dir, `src-${file}`);
  mkdirSync(join(root, 'package'), { recursive: true });
  writeFileSync(join(root, 'package', 'package.json'), JSON.stringify({ name, version: '0.1.0' }));
  writeFileSync(join(root, 'package', 'README.md'), 'x'.repeat(700));
  mkdirSync(join(dir, 'packs'), { recursive: true });
  const tarball = join(dir, 'packs', file);
  spawnSync('tar', ['-czf', tarball, '-C', root, 'package/README.md', 'package/package.json']);
  return tarball;
}

describe('local packages', () => {
  it('reads a file out of a tarball, past the files before it', () => {
    const tarball = pack('@kinetic/core', 'kinetic-core-0.1.0.tgz');
    expect(JSON.parse(readFromTarball(tarball, 'package/package.json') ?? '{}').name).toBe(
      '@kinetic/core',
    );
    expect(readFromTarball(tarball, 'package/missing.json')).toBeUndefined();
  });

  it('maps package names to their tarballs, by the name inside each', () => {
    const core = pack('@kinetic/core', 'whatever.tgz');
    expect([...readLocalPackages(join(dir as string, 'packs'))]).toEqual([['@kinetic/core', core]]);
  });

  it('points dependencies and every override field at the tarballs, from the app folder', () => {
    const local = new Map([
      ['@kinetic/core', '/work/packs/core.tgz'],
      ['@kinetic/diff', '/work/packs/diff.tgz'],
    ]);
    const pkg = pointAtLocalPackages(
      {
        dependencies: { '@kinetic/core': '^0.1.0', fastify: '^5.0.0' },
        pnpm: { onlyBuiltDependencies: [] },
      },
      local,
      '/work/apps/shop',
    );
    expect(pkg.dependencies).toEqual({
      '@kinetic/core': 'file:../../packs/core.tgz',
      fastify: '^5.0.0',
    });
    const all = {
      '@kinetic/core': 'file:../../packs/core.tgz',
      '@kinetic/diff': 'file:../../packs/diff.tgz',
    };
    expect(pkg.overrides).toEqual(all);
    expect(pkg.resolutions).toEqual(all);
    expect(pkg.pnpm).toEqual({ onlyBuiltDependencies: [], overrides: all });
  });

  it('writes tarballs inside the app folder as paths inside it', () => {
    expect(fileSpec('/work/app/vendor/core.tgz', '/work/app')).toBe('file:vendor/core.tgz');
    expect(fileSpec('/work/kinetic-packs/core.tgz', '/work/app')).toBe(
      'file:../kinetic-packs/core.tgz',
    );
  });
});
