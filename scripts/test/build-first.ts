// Vitest's global setup for `pnpm test:unit`: builds the workspace (turbo: only what changed,
// a second or two when nothing did) before any test runs. Tests import the packages from
// their sources, but some run what only a build makes: the `kinetic` CLI as a child process,
// the browser bundle the transport serves, apps bundled by esbuild from packages' dist.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default function setup(): void {
  const result = spawnSync(
    join(root, 'node_modules', '.bin', 'turbo'),
    ['run', 'build', '--output-logs=errors-only'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
    },
  );
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`the build failed (exit ${result.status}): see above`);
}
