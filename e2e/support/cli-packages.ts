import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './cli-process.js';

/** The repository's root. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The publishable packages of the repository: every @kinetic/* package and the CLI. */
export function publishablePackages(): string[] {
  const dirs = [
    ...readdirSync(join(repoRoot, 'packages')).map((name) => join(repoRoot, 'packages', name)),
    join(repoRoot, 'cli', 'kinetic'),
  ];
  return dirs.filter((dir) => {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) return false;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { private?: boolean };
    return pkg.private !== true;
  });
}

/**
 * Packs every publishable package into `dest` with `pnpm pack` (which turns `workspace:*`
 * into versions), as `kinetic new --local-packages` expects. The packages must be built.
 */
export function packPackages(dest: string): string[] {
  const dirs = publishablePackages();
  for (const dir of dirs) {
    if (!existsSync(join(dir, 'dist'))) {
      throw new Error(`${dir} is not built: run \`pnpm build\` before the CLI e2e test`);
    }
    run('pnpm', ['pack', '--pack-destination', dest], dir);
  }
  return readdirSync(dest).filter((file) => file.endsWith('.tgz'));
}
