/** The package managers `kinetic new` can install with. */
export const PACKAGE_MANAGERS = ['npm', 'pnpm', 'yarn', 'bun'] as const;
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

export const isPackageManager = (name: string): name is PackageManager =>
  (PACKAGE_MANAGERS as readonly string[]).includes(name);

/**
 * The package manager this process was started by, from the user agent every one of them
 * sets for scripts and `create` (`pnpm/10.3.0 npm/? node/v20.19.0 linux x64`). npm otherwise.
 */
export function detectPackageManager(userAgent: string | undefined): PackageManager {
  const name = userAgent?.split('/')[0] ?? '';
  return isPackageManager(name) ? name : 'npm';
}

/**
 * The command that runs a package.json script: `npm run dev`, `pnpm dev`. Bun always says
 * `run`: `bun test` and `bun build` are Bun's own test runner and bundler.
 */
export const runScript = (pm: PackageManager, script: string): string => {
  if (pm === 'bun') return `bun run ${script}`;
  return pm === 'npm' && script !== 'test' && script !== 'start'
    ? `npm run ${script}`
    : `${pm} ${script}`;
};

/** The install command's argv. */
export const installCommand = (pm: PackageManager): [string, string[]] => [pm, ['install']];

/** The lockfile the install writes. */
export const lockfile = (pm: PackageManager): string =>
  ({ npm: 'package-lock.json', pnpm: 'pnpm-lock.yaml', yarn: 'yarn.lock', bun: 'bun.lock' })[pm];

/** The install that takes the lockfile as it is and fails if it is out of date (CI, Docker). */
export const frozenInstallCommand = (pm: PackageManager): string =>
  pm === 'npm' ? 'npm ci' : `${pm} install --frozen-lockfile`;

/** The command that runs a package's bin: `npx kinetic`, `pnpm exec kinetic`. */
export const execBin = (pm: PackageManager, bin: string): string =>
  ({ npm: `npx ${bin}`, pnpm: `pnpm exec ${bin}`, yarn: `yarn ${bin}`, bun: `bunx ${bin}` })[pm];
