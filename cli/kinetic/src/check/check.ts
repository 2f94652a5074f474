import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import kleur from 'kleur';
import { findApp } from '../app-root.js';
import { typescriptMissing } from '../errors.js';
import { duration, log } from '../log.js';

/**
 * `kinetic check`: the app's type errors, from the app's own TypeScript and tsconfig (as
 * `astro check` does), with file, line and code frame. Returns the exit code: 0 when
 * there are none.
 */
export function check(options: { root?: string | undefined } = {}): number {
  const app = findApp(options.root);
  let tsc: string;
  try {
    tsc = createRequire(join(app.root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    throw typescriptMissing(app.root);
  }
  const started = performance.now();
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', app.root], {
    cwd: app.root,
    stdio: 'inherit',
  });
  const took = duration(performance.now() - started);
  if (result.status === 0) {
    log.info(`${kleur.green('✓')} no type errors ${kleur.dim(`(${took})`)}`);
    return 0;
  }
  log.error(`${kleur.red('✗')} type errors above ${kleur.dim(`(${took})`)}`);
  return result.status ?? 1;
}
