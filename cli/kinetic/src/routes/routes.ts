import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import kleur from 'kleur';
import { findApp } from '../app-root.js';
import { DevBuilder } from '../dev/dev-builder.js';
import { appStart, buildFailed } from '../errors.js';
import { log } from '../log.js';
import { ROUTES_MARK } from './probe.js';

const PROBE = new URL('./probe.js', import.meta.url).href;

/** A live route as the app declares it. */
export interface LiveRouteEntry {
  readonly path: string;
  readonly view: string;
}

/**
 * `kinetic routes`: the app's live routes with their views, as the running app sees them
 * (routes added in loops or by plugins included). Builds the server code as `kinetic dev`
 * does, starts it with a hook that reads the routes once the app is ready, and stops it
 * before it listens.
 */
export async function listRoutes(
  options: { root?: string | undefined } = {},
): Promise<LiveRouteEntry[]> {
  const app = findApp(options.root);
  const builder = new DevBuilder(app, join(app.root, '.kinetic', 'routes'));
  try {
    const built = await builder.buildServer();
    if (!built.ok) {
      for (const error of built.errors) {
        const where = error.file === undefined ? '' : `${error.file}:${error.line ?? 0} `;
        log.error(`${kleur.red('✗')} ${where}${error.message}`);
      }
      throw buildFailed(built.errors.length);
    }
  } finally {
    await builder.dispose();
  }
  const result = spawnSync(process.execPath, ['--import', PROBE, builder.serverEntry], {
    cwd: app.root,
    encoding: 'utf8',
    env: { NODE_ENV: 'development', ...process.env, PORT: '0', LOG_LEVEL: 'silent' },
    timeout: 30_000,
  });
  const line = result.stdout.split('\n').find((l) => l.startsWith(ROUTES_MARK));
  if (line === undefined) {
    throw appStart(
      `${result.stderr || result.stdout}`.trim().slice(0, 2000) || 'it printed nothing',
    );
  }
  return JSON.parse(line.slice(ROUTES_MARK.length)) as LiveRouteEntry[];
}

/** Prints the routes as a table. */
export function printRoutes(routes: readonly LiveRouteEntry[]): void {
  if (routes.length === 0) {
    log.info('no live routes: declare one with app.live(path, View)');
    return;
  }
  const width = Math.max(...routes.map((r) => r.path.length), 4);
  log.info(kleur.dim(`${'path'.padEnd(width)}  view`));
  for (const route of routes) log.info(`${route.path.padEnd(width)}  ${kleur.cyan(route.view)}`);
}
