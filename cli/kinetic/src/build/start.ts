import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { join, relative, resolve } from 'node:path';
import kleur from 'kleur';
import { loadEnvFile } from '../env-file.js';
import { noBuild } from '../errors.js';
import { log } from '../log.js';
import { MANIFEST_FILE } from '../server/manifest.js';

export interface StartOptions {
  readonly root?: string | undefined;
  readonly out?: string | undefined;
  /** Default: `PORT` (from the environment or the app's `.env`), else 3000. */
  readonly port?: number | undefined;
  /** Default: `HOST`, else 127.0.0.1. */
  readonly host?: string | undefined;
}

/**
 * `kinetic start`: runs a build's server with NODE_ENV=production, as `node server.js`
 * would, with the app's `.env` read (the environment wins over it), and passes stop signals
 * on. The server prints its address once it listens. Resolves with the server's exit code.
 */
export function start(options: StartOptions): Promise<number> {
  const root = resolve(options.root ?? process.cwd());
  const out = resolve(root, options.out ?? 'dist');
  if (!existsSync(join(out, MANIFEST_FILE))) throw noBuild(out);
  const env: NodeJS.ProcessEnv = { ...process.env };
  const fromFile = loadEnvFile(root, env);
  const notes = ['NODE_ENV=production', ...(fromFile.length > 0 ? ['.env'] : [])];
  log.info(
    `${kleur.bold().cyan('kinetic start')} ${relative(process.cwd(), out) || '.'} ${kleur.dim(`(${notes.join(', ')})`)}`,
  );
  const child = spawn(process.execPath, ['--enable-source-maps', join(out, 'server.js')], {
    cwd: out,
    stdio: 'inherit',
    env: {
      ...env,
      NODE_ENV: 'production',
      PORT: String(options.port ?? env.PORT ?? 3000),
      HOST: options.host ?? env.HOST ?? '127.0.0.1',
    },
  });
  // Every signal goes on, a repeat too: the server takes a second one as "exit at once".
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolvePromise) => {
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolvePromise(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
    });
  });
}
