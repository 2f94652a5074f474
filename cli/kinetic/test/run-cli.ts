import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI: tests run it as users do, in a child process. */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const REPO = fileURLToPath(new URL('../../..', import.meta.url));

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together. */
  readonly output: string;
}

/** Runs `kinetic …` to its end. stdin is not a terminal, so nothing prompts. */
export function kinetic(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): CliResult {
  if (!existsSync(BIN))
    throw new Error(`${BIN} is missing: run \`pnpm --filter kinetic build\` first`);
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NO_COLOR: '1', npm_config_user_agent: '', ...env },
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    output: `${result.stdout}${result.stderr}`,
  };
}

/** A fresh folder outside the repository; remove it with `rmSync(dir, {recursive: true})`. */
export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'kinetic-cli-test-'));

export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

/**
 * Makes an app created with --no-install runnable without an install: its node_modules links
 * to this repository's packages (and the fastify they use).
 */
export function linkWorkspacePackages(
  app: string,
  options: { devTools?: boolean; jsx?: boolean } = {},
): void {
  const links: Record<string, string> = {
    '@kinetic/core': join(REPO, 'packages', 'core'),
    // What `kinetic new --jsx` adds: the JSX compiler.
    ...(options.jsx === true ? { '@kinetic/jsx': join(REPO, 'packages', 'jsx') } : {}),
    '@kinetic/transport': join(REPO, 'packages', 'transport'),
    kinetic: join(REPO, 'cli', 'kinetic'),
    fastify: join(REPO, 'cli', 'kinetic', 'node_modules', 'fastify'),
    // What an install adds for type-checking: TypeScript, Node's types, the test tools.
    ...(options.devTools === true
      ? {
          typescript: join(REPO, 'node_modules', 'typescript'),
          '@types/node': join(REPO, 'node_modules', '@types', 'node'),
          vitest: join(REPO, 'node_modules', 'vitest'),
          '@kinetic/testing': join(REPO, 'packages', 'testing'),
        }
      : {}),
  };
  for (const [name, target] of Object.entries(links)) {
    const path = join(app, 'node_modules', name);
    mkdirSync(dirname(path), { recursive: true });
    symlinkSync(target, path, 'dir');
  }
}
