import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * Reads the app's `.env` (if there is one) into `env`, for `kinetic dev` and `kinetic start`.
 * A variable already set in `env` wins over the file, so the environment of a deploy is never
 * overridden by a file left in the folder; an empty value in the file sets nothing. Returns
 * the names it set.
 * @example loadEnvFile(app.root); // before reading PORT or KINETIC_SECRET
 */
export function loadEnvFile(dir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const file = join(dir, '.env');
  if (!existsSync(file)) return [];
  const set: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (value === undefined || value === '' || env[name] !== undefined) continue;
    env[name] = value;
    set.push(name);
  }
  return set;
}
