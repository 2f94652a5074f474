import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from '../errors.js';

/** The folder of package `name` as Node would find it from `from`, symlinks resolved. */
export function packageDir(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The prebuilt browser runtime (`@kinetic/client/kinetic.min.js`). @kinetic/client is a
 * dependency of @kinetic/transport, not of the app, and package managers that do not hoist
 * (pnpm) only show it to @kinetic/transport: so it is looked up from there.
 */
export function resolveClientBundle(appRoot: string): string {
  const transport = packageDir('@kinetic/transport', appRoot);
  const client =
    (transport === undefined ? undefined : packageDir('@kinetic/client', transport)) ??
    packageDir('@kinetic/client', appRoot);
  if (client === undefined) {
    throw new CliError(
      'KN_ERR_CLI_BUILD_FAILED',
      `@kinetic/client was not found from ${appRoot}. Install the app's dependencies first.`,
    );
  }
  const pkg = JSON.parse(readFileSync(join(client, 'package.json'), 'utf8')) as {
    exports?: Record<string, unknown>;
  };
  const entry = pkg.exports?.['./kinetic.min.js'];
  const file = join(client, typeof entry === 'string' ? entry : 'dist/kinetic.min.js');
  if (!existsSync(file)) {
    throw new CliError(
      'KN_ERR_CLI_BUILD_FAILED',
      `the browser runtime ${file} is missing. Reinstall @kinetic/client.`,
    );
  }
  return file;
}
