import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { notAnApp } from './errors.js';

/** Where an app's parts are, by the convention `kinetic new` sets up. */
export interface AppLayout {
  readonly root: string;
  /** The server entry: creates the Fastify app and listens. */
  readonly main: string;
  /** The live routes, where generators wire new views in. */
  readonly routes: string;
  /** Client stylesheets: each top-level .css file is an entry. */
  readonly styles: string;
}

/** The app at `root` (default: the current folder); throws KN_ERR_CLI_NOT_AN_APP if it is none. */
export function findApp(
  root = process.cwd(),
  needs: readonly ('main' | 'routes')[] = ['main'],
): AppLayout {
  const dir = resolve(root);
  const app: AppLayout = {
    root: dir,
    main: join(dir, 'src', 'main.ts'),
    routes: join(dir, 'src', 'routes.ts'),
    styles: join(dir, 'src', 'styles'),
  };
  if (!existsSync(join(dir, 'package.json'))) throw notAnApp(dir, 'package.json');
  for (const part of needs) {
    if (!existsSync(app[part])) throw notAnApp(dir, `src/${part}.ts`);
  }
  return app;
}
