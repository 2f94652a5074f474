import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import kleur from 'kleur';
import { findApp } from '../app-root.js';
import { typescriptMissing } from '../errors.js';
import { duration, log } from '../log.js';

/** Where the app's own TypeScript compiler is, or undefined when it is not installed. */
export function appTsc(root: string): string | undefined {
  try {
    return createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return undefined;
  }
}

/**
 * Runs `tsc --noEmit` on the app with its tsconfig, its report (file, line, code frame)
 * going to this terminal. Resolves with tsc's exit code: 0 when there are no type errors.
 */
export function typeCheck(root: string, tsc: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '--noEmit', '-p', root], {
      cwd: root,
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/**
 * `kinetic check`: the app's type errors, from the app's own TypeScript and tsconfig (as
 * `astro check` does), with file, line and code frame. Resolves with the exit code: 0 when
 * there are none.
 */
export async function check(options: { root?: string | undefined } = {}): Promise<number> {
  const app = findApp(options.root);
  const tsc = appTsc(app.root);
  if (tsc === undefined) throw typescriptMissing(app.root);
  const started = performance.now();
  const status = await typeCheck(app.root, tsc);
  const took = duration(performance.now() - started);
  if (status === 0) {
    log.info(`${kleur.green('✓')} no type errors ${kleur.dim(`(${took})`)}`);
    return 0;
  }
  log.error(`${kleur.red('✗')} type errors above ${kleur.dim(`(${took})`)}`);
  return status;
}
