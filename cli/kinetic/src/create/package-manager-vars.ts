import {
  frozenInstallCommand,
  installCommand,
  lockfile,
  type PackageManager,
} from '../package-manager.js';
import type { Vars } from '../templates.js';

/** What runs a script (`__PM_RUN__ build`) and a package's bin (`__PM_EXEC__ kinetic`). */
const RUN: Readonly<Record<PackageManager, string>> = {
  npm: 'npm run',
  pnpm: 'pnpm',
  yarn: 'yarn',
  bun: 'bun run',
};
const EXEC: Readonly<Record<PackageManager, string>> = {
  npm: 'npx',
  pnpm: 'pnpm exec',
  yarn: 'yarn',
  bun: 'bunx',
};

/** How each manager gets onto the Dockerfile's build stage: npm comes with Node. */
const DOCKER_SETUP: Readonly<Record<PackageManager, string>> = {
  npm: '# npm comes with Node',
  pnpm: 'RUN corepack enable',
  yarn: 'RUN corepack enable',
  bun: 'COPY --from=oven/bun:1 /usr/local/bin/bun /usr/local/bin/bun',
};

const setupNode = (cache?: string) =>
  [
    'uses: actions/setup-node@v4',
    '        with:',
    '          node-version: 20',
    ...(cache === undefined ? [] : [`          cache: ${cache}`]),
  ].join('\n');

/**
 * The CI steps that put the manager and Node 20 on the runner, pnpm before setup-node (whose
 * cache asks it for its store). The template has `      - __CI_PM_SETUP__`, so the first
 * step comes without its dash.
 */
const CI_SETUP: Readonly<Record<PackageManager, string>> = {
  npm: setupNode('npm'),
  pnpm: [
    'uses: pnpm/action-setup@v4',
    '        with:',
    '          version: 10',
    `      - ${setupNode('pnpm')}`,
  ].join('\n'),
  yarn: setupNode('yarn'),
  // setup-node caches no bun store; `kinetic` itself runs on Node.
  bun: ['uses: oven-sh/setup-bun@v2', `      - ${setupNode()}`].join('\n'),
};

/**
 * The template variables that spell the chosen package manager's commands, for the README,
 * the Dockerfile and the CI workflow: `__PM_RUN__ build` is `npm run build` or `pnpm build`.
 */
export function packageManagerVars(pm: PackageManager): Vars {
  return {
    PM_RUN: RUN[pm],
    PM_EXEC: EXEC[pm],
    PM_INSTALL: installCommand(pm).flat().join(' '),
    PM_INSTALL_FROZEN: frozenInstallCommand(pm),
    PM_LOCKFILE: lockfile(pm),
    DOCKER_PM_SETUP: DOCKER_SETUP[pm],
    CI_PM_SETUP: CI_SETUP[pm],
  };
}
