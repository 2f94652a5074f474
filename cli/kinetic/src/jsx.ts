import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as esbuild from 'esbuild';
import { packageDir } from './build/resolve-client.js';
import { CliError } from './errors.js';

/** The package that compiles JSX views to `html` call sites. */
export const JSX_PACKAGE = '@kinetic/jsx';

/**
 * True when the app writes its views in JSX: its package.json depends on @kinetic/jsx (as
 * `kinetic new --jsx` sets up). One signal, read from a file that is plain JSON, and the
 * same one the build needs anyway: without the package there is no compiler to run.
 */
export function usesJsx(root: string): boolean {
  const file = join(root, 'package.json');
  if (!existsSync(file)) return false;
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    return (
      pkg.dependencies?.[JSX_PACKAGE] !== undefined ||
      pkg.devDependencies?.[JSX_PACKAGE] !== undefined
    );
  } catch {
    return false;
  }
}

/** The ES module entry of a package's `.` export: `{ import }`, a bare string, or `main`. */
function moduleEntry(dir: string): string {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    exports?: Record<string, unknown>;
    main?: string;
  };
  const dot = pkg.exports?.['.'];
  const entry =
    typeof dot === 'string'
      ? dot
      : typeof dot === 'object' && dot !== null
        ? (dot as Record<string, unknown>).import
        : undefined;
  return join(dir, typeof entry === 'string' ? entry : (pkg.main ?? 'index.js'));
}

/**
 * The esbuild plugins of the app's build: in a JSX app, @kinetic/jsx's compile step for
 * .tsx views. The compiler is the app's own (loaded from its node_modules, like its
 * TypeScript for `kinetic check`): its output calls the helpers of the app's
 * @kinetic/core, so the two come from the same install. An app without it gets none, and
 * esbuild's own JSX transform (tsconfig's jsxImportSource) runs its .tsx files on the
 * fallback runtime, which `kinetic dev` warns about.
 */
export async function jsxPlugins(root: string): Promise<esbuild.Plugin[]> {
  if (!usesJsx(root)) return [];
  const dir = packageDir(JSX_PACKAGE, root);
  if (dir === undefined) {
    throw new CliError(
      'KN_ERR_CLI_BUILD_FAILED',
      `package.json lists ${JSX_PACKAGE}, but it is not installed in ${root}. Install the app's dependencies (npm install).`,
    );
  }
  const jsx = (await import(pathToFileURL(moduleEntry(dir)).href)) as {
    kineticJsxEsbuild(): esbuild.Plugin;
  };
  return [jsx.kineticJsxEsbuild()];
}
