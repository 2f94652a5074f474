import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kinetic, removeDir, tempDir } from '../../test/run-cli.js';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => removeDir(dir));

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const hasGit = spawnSync('git', ['--version']).status === 0;
const gitIdentity = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};
const git = (cwd: string, ...args: string[]) =>
  spawnSync('git', args, { cwd, encoding: 'utf8' }).stdout;

/**
 * A stand-in `npm` first on PATH: `npm install` writes a lockfile and exits with `status`,
 * so the order of install and commit shows without reaching the registry.
 */
function fakeNpm(status: number): NodeJS.ProcessEnv {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const npm = join(bin, 'npm');
  writeFileSync(
    npm,
    `#!/bin/sh\necho '{"lockfileVersion":3}' > package-lock.json\nexit ${status}\n`,
  );
  chmodSync(npm, 0o755);
  return { ...gitIdentity, PATH: `${bin}:${process.env.PATH ?? ''}` };
}

/** Tarballs laid out as `pnpm pack` makes them, in `folder`. */
function packs(folder: string): string {
  mkdirSync(folder, { recursive: true });
  for (const [name, file] of [
    ['@kinetic/core', 'kinetic-core-0.1.0.tgz'],
    ['@kinetic/client', 'kinetic-client-0.1.0.tgz'],
    ['kinetic', 'kinetic-0.1.0.tgz'],
  ] as const) {
    const root = join(dir, 'src', file);
    mkdirSync(join(root, 'package'), { recursive: true });
    writeFileSync(
      join(root, 'package', 'package.json'),
      JSON.stringify({ name, version: '0.1.0' }),
    );
    expect(spawnSync('tar', ['-czf', join(folder, file), '-C', root, 'package']).status).toBe(0);
  }
  return folder;
}

describe('kinetic new: the package name', () => {
  it('derives a valid npm name from any folder, and says which one it chose', () => {
    const { status, stdout } = kinetic(['new', 'My App!', '--no-install', '--no-git'], dir);
    expect(status).toBe(0);
    expect(readJson(join(dir, 'My App!', 'package.json')).name).toBe('my-app');
    expect(stdout).toContain('package name my-app');
    expect(stdout).toContain('--name');
  });

  it('says nothing extra when the folder is already a valid name', () => {
    const { stdout } = kinetic(['new', 'shop', '--no-install', '--no-git'], dir);
    expect(stdout).not.toContain('package name');
  });

  it('takes --name as given, and refuses one npm would refuse, writing nothing', () => {
    expect(kinetic(['new', 'x!', '--name', 'x-shop', '--no-install', '--no-git'], dir).status).toBe(
      0,
    );
    expect(readJson(join(dir, 'x!', 'package.json')).name).toBe('x-shop');
    const { status, stderr } = kinetic(['new', 'y', '--name', 'My Shop!', '--no-install'], dir);
    expect(status).toBe(1);
    expect(stderr).toContain('KN_ERR_CLI_BAD_NAME');
    expect(existsSync(join(dir, 'y'))).toBe(false);
  });
});

describe('kinetic new: a failure leaves nothing behind', () => {
  it('refuses a bad --local-packages before creating the folder', () => {
    const { status, stderr } = kinetic(
      ['new', 'l', '--local-packages', join(dir, 'nope'), '--no-install', '--no-git'],
      dir,
    );
    expect(status).toBe(1);
    expect(stderr).toContain('KN_ERR_CLI_LOCAL_PACKAGES');
    expect(existsSync(join(dir, 'l'))).toBe(false);
  });

  it('keeps a folder that was there before, as it was', () => {
    mkdirSync(join(dir, 'mine'));
    const empty = join(dir, 'packs');
    mkdirSync(empty);
    const { status } = kinetic(['new', 'mine', '--local-packages', empty, '--no-install'], dir);
    expect(status).toBe(1);
    expect(readdirSync(join(dir, 'mine'))).toEqual([]);
  });
});

describe('kinetic new: --local-packages', () => {
  it('writes tarball paths relative to the app, so the two can move together', () => {
    const folder = packs(join(dir, 'kinetic-packs'));
    expect(
      kinetic(['new', 'app', '--local-packages', folder, '--no-install', '--no-git'], dir).status,
    ).toBe(0);
    const pkg = readJson(join(dir, 'app', 'package.json'));
    expect(pkg.dependencies['@kinetic/core']).toBe('file:../kinetic-packs/kinetic-core-0.1.0.tgz');
    expect(pkg.devDependencies?.kinetic ?? pkg.dependencies.kinetic).toBe(
      'file:../kinetic-packs/kinetic-0.1.0.tgz',
    );
    const client = 'file:../kinetic-packs/kinetic-client-0.1.0.tgz';
    expect(pkg.overrides['@kinetic/client']).toBe(client);
    expect(pkg.pnpm.overrides['@kinetic/client']).toBe(client);
    expect(pkg.resolutions['@kinetic/client']).toBe(client);
    expect(JSON.stringify(pkg)).not.toContain(dir);
  });

  it('takes a relative --local-packages folder from where the command runs', () => {
    packs(join(dir, 'kinetic-packs'));
    const args = ['new', 'deep/app', '--local-packages', 'kinetic-packs', '--no-install'];
    expect(kinetic([...args, '--no-git'], dir).status).toBe(0);
    expect(readJson(join(dir, 'deep', 'app', 'package.json')).dependencies['@kinetic/core']).toBe(
      'file:../../kinetic-packs/kinetic-core-0.1.0.tgz',
    );
  });
});

describe.runIf(hasGit && process.platform !== 'win32')('kinetic new: the first commit', () => {
  it('comes after the install, so the lockfile is in it', () => {
    const { status, stdout } = kinetic(['new', 'g', '--git', '--pm', 'npm'], dir, fakeNpm(0));
    expect(status).toBe(0);
    const app = join(dir, 'g');
    expect(git(app, 'ls-files').split('\n')).toEqual(
      expect.arrayContaining(['package-lock.json', 'package.json', 'src/main.ts']),
    );
    expect(git(app, 'status', '--porcelain')).toBe('');
    expect(stdout.indexOf('Installed dependencies')).toBeLessThan(stdout.indexOf('first commit'));
  });

  it('without an install, holds what there is and says the lockfile is to come', () => {
    const { status, stdout } = kinetic(['new', 'g', '--git', '--no-install'], dir, gitIdentity);
    expect(status).toBe(0);
    expect(git(join(dir, 'g'), 'ls-files')).toContain('package.json');
    expect(stdout).toMatch(/first commit.*without a lockfile/);
  });

  it('after a failed install, holds what there is and says so', () => {
    const { status, output } = kinetic(['new', 'g', '--git', '--pm', 'npm'], dir, fakeNpm(1));
    expect(status).toBe(1);
    expect(output).toContain('KN_ERR_CLI_COMMAND_FAILED');
    expect(output).toMatch(/first commit.*install failed/);
    // The app stays: only the install is to be run again.
    expect(git(join(dir, 'g'), 'ls-files')).toContain('src/main.ts');
  });
});

describe('kinetic new: the README', () => {
  it('links nowhere but the running app', () => {
    for (const template of ['default', 'minimal']) {
      const args = ['new', template, '-t', template, '--no-install', '--no-git'];
      expect(kinetic(args, dir).status).toBe(0);
      const readme = readFileSync(join(dir, template, 'README.md'), 'utf8');
      for (const url of readme.match(/https?:\/\/[^\s)>\]]+/g) ?? []) {
        expect(url, template).toMatch(/^http:\/\/(127\.0\.0\.1|localhost)[:/]/);
      }
      expect(readme).toContain(`# ${template}`);
    }
  });
});
