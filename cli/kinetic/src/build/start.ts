import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import kleur from 'kleur';
import { noBuild } from '../errors.js';
import { log } from '../log.js';
import { MANIFEST_FILE } from '../server/manifest.js';

export interface StartOptions {
  readonly root?: string | undefined;
  readonly out?: string | undefined;
  readonly port: number;
  readonly host: string;
}

/**
 * `kinetic start`: runs a build's server with NODE_ENV=production, as `node server.js`
 * would, and passes stop signals on. Resolves with the server's exit code.
 */
export function start(options: StartOptions): Promise<number> {
  const out = resolve(options.root ?? process.cwd(), options.out ?? 'dist');
  if (!existsSync(join(out, MANIFEST_FILE))) throw noBuild(out);
  const url = `http://${options.host}:${options.port}/`;
  log.info(
    `${kleur.bold().cyan('kinetic start')} ${relative(process.cwd(), out) || '.'} ${kleur.dim('(NODE_ENV=production)')} on ${kleur.cyan(url)}`,
  );
  const child = spawn(process.execPath, ['--enable-source-maps', join(out, 'server.js')], {
    cwd: out,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(options.port),
      HOST: options.host,
    },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolvePromise) => {
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolvePromise(code ?? (signal === null ? 1 : 0));
    });
  });
}
