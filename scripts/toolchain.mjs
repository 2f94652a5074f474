// Shared by the quick-start and test scripts: run commands, find pnpm, install, build.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM = 'pnpm@10.34.9';

export function run(command, args, options = {}) {
  console.log(`\n> ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? root,
    stdio: 'inherit',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', ...options.env },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/**
 * Runs a server in the foreground and exits with its code once it ends. This process stays
 * until then and passes SIGINT/SIGTERM on, so a stop reaches the server and nothing is left
 * running without its parent (a synchronous spawn would die at the signal and orphan it).
 */
export function runServer(command, args, options = {}) {
  console.log(`\n> ${[command, ...args].join(' ')}`);
  const child = spawn(command, args, {
    cwd: options.cwd ?? root,
    stdio: 'inherit',
    env: { ...process.env, ...options.env },
  });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.once('error', (error) => {
    console.error(error.message);
    process.exit(1);
  });
  child.once('exit', (code, signal) => {
    process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
  });
}

/** pnpm as installed, or through npx when it is not (a machine with only Node and npm). */
export function pnpm() {
  const found = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (found.status === 0 && /^10\./.test(found.stdout.trim())) return ['pnpm'];
  return ['npx', '--yes', PNPM];
}

export function pnpmRun(args, options) {
  const [command, ...prefix] = pnpm();
  run(command, [...prefix, ...args], options);
}

/** Installs dependencies when the lockfile is newer than the last install. */
export function install() {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  pnpmRun(['install', '--frozen-lockfile']);
}

export function build() {
  pnpmRun(['run', 'build']);
}
