import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { localPackages } from '../errors.js';
import { readFromTarball } from './tarball.js';

/** Package name → absolute path of its tarball. */
export type LocalPackages = ReadonlyMap<string, string>;

/**
 * The tarballs in `dir` (made by `pnpm pack` in each package of the Kinetic repository), by
 * the package name inside each: `@kinetic/core` → `/abs/dir/kinetic-core-0.1.0.tgz`.
 */
export function readLocalPackages(dir: string): LocalPackages {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw localPackages(dir, 'it is not a folder');
  }
  const found = new Map<string, string>();
  for (const file of readdirSync(root).sort()) {
    if (!file.endsWith('.tgz')) continue;
    const path = join(root, file);
    let name: unknown;
    try {
      const manifest = readFromTarball(path, 'package/package.json');
      name = manifest === undefined ? undefined : (JSON.parse(manifest) as { name?: unknown }).name;
    } catch {
      name = undefined;
    }
    if (typeof name !== 'string') throw localPackages(dir, `${file} is not an npm package tarball`);
    found.set(name, path);
  }
  if (found.size === 0) throw localPackages(dir, 'it holds no .tgz files');
  return found;
}

type Deps = Record<string, string>;
interface PackageJson {
  dependencies?: Deps;
  devDependencies?: Deps;
  overrides?: Deps;
  resolutions?: Deps;
  pnpm?: { overrides?: Deps; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * The `file:` spec of a tarball as the project in `appDir` writes it: relative, with `/`
 * (package managers resolve it from the package.json), so the app and its tarballs can move
 * together. Absolute only when no relative path exists (another drive on Windows).
 */
export function fileSpec(tarball: string, appDir: string): string {
  const path = relative(appDir, tarball);
  return `file:${isAbsolute(path) ? path : path.split('\\').join('/')}`;
}

/**
 * Points the package.json of the project in `appDir` at local tarballs. The packages depend on each other by
 * version (`pnpm pack` turns `workspace:*` into `0.1.0`), and those versions are not on the
 * registry: so besides the direct dependencies, every package manager's override field maps
 * each local package to its tarball, wherever it appears in the tree.
 */
export function pointAtLocalPackages(
  pkg: PackageJson,
  local: LocalPackages,
  appDir: string,
): PackageJson {
  const specs = new Map([...local].map(([name, path]) => [name, fileSpec(path, appDir)]));
  const swap = (deps: Deps | undefined) =>
    deps === undefined
      ? undefined
      : Object.fromEntries(Object.entries(deps).map(([n, v]) => [n, specs.get(n) ?? v]));
  const overrides = Object.fromEntries(specs);
  const next: PackageJson = { ...pkg };
  const dependencies = swap(pkg.dependencies);
  const devDependencies = swap(pkg.devDependencies);
  if (dependencies !== undefined) next.dependencies = dependencies;
  if (devDependencies !== undefined) next.devDependencies = devDependencies;
  next.overrides = { ...pkg.overrides, ...overrides };
  next.resolutions = { ...pkg.resolutions, ...overrides };
  next.pnpm = { ...pkg.pnpm, overrides: { ...pkg.pnpm?.overrides, ...overrides } };
  return next;
}
