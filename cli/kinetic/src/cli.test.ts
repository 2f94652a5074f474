import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kinetic, removeDir, tempDir } from '../test/run-cli.js';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => removeDir(dir));

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('kinetic', () => {
  it('lists its commands', () => {
    const { status, stdout } = kinetic(['--help'], dir);
    expect(status).toBe(0);
    for (const command of [
      'new|create',
      'dev',
      'check',
      'routes',
      'build',
      'start',
      'generate|g',
    ]) {
      expect(stdout).toContain(command);
    }
  });

  it('prints its version', () => {
    const { stdout } = kinetic(['--version'], dir);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('refuses an unknown command', () => {
    const { status, stderr } = kinetic(['deploy'], dir);
    expect(status).toBe(1);
    expect(stderr).toContain("unknown command 'deploy'");
  });
});

describe('kinetic new', () => {
  it('without a terminal, asks nothing and takes the defaults', () => {
    const { status, stdout } = kinetic(['new', '--no-install', '--no-git'], dir);
    expect(status).toBe(0);
    const app = join(dir, 'kinetic-app');
    expect(readJson(join(app, 'package.json')).name).toBe('kinetic-app');
    expect(existsSync(join(app, 'src', 'views', 'counter.ts'))).toBe(true);
    expect(stdout).toContain('cd kinetic-app');
    expect(stdout).toContain('npm install');
    expect(stdout).toContain('npm run dev');
  });

  it('writes a server, layout, counter with its test, stylesheet, scripts and .gitignore', () => {
    expect(kinetic(['new', 'shop', '--no-install', '--no-git'], dir).status).toBe(0);
    const app = join(dir, 'shop');
    for (const file of [
      'src/main.ts',
      'src/app.ts',
      'src/layout.ts',
      'src/routes.ts',
      'src/views/counter.ts',
      'src/views/counter.test.ts',
      'src/styles/app.css',
      'tsconfig.json',
      'README.md',
    ]) {
      expect(existsSync(join(app, file)), file).toBe(true);
    }
    // npm strips .gitignore from packages: the template keeps it as _gitignore.
    expect(existsSync(join(app, '.gitignore'))).toBe(true);
    expect(existsSync(join(app, '_gitignore'))).toBe(false);
    const pkg = readJson(join(app, 'package.json'));
    expect(Object.keys(pkg.scripts)).toEqual(
      expect.arrayContaining(['dev', 'build', 'start', 'test']),
    );
    expect(pkg.dependencies['@kinetic/transport']).toMatch(/^\^\d/);
    expect(readFileSync(join(app, 'src', 'layout.ts'), 'utf8')).toContain('>shop</a>');
  });

  it('takes the template from --template', () => {
    expect(kinetic(['new', 'hello', '-t', 'minimal', '--no-install', '--no-git'], dir).status).toBe(
      0,
    );
    expect(existsSync(join(dir, 'hello', 'src', 'views', 'home.ts'))).toBe(true);
    expect(existsSync(join(dir, 'hello', 'src', 'views', 'counter.ts'))).toBe(false);
  });

  it('names an unknown template and the ones there are', () => {
    const { status, stderr } = kinetic(['new', 'x', '-t', 'blog', '--no-install'], dir);
    expect(status).toBe(1);
    expect(stderr).toContain('KN_ERR_CLI_UNKNOWN_TEMPLATE');
    expect(stderr).toContain('default, minimal');
  });

  it('refuses a folder that is not empty, unless --overwrite', () => {
    mkdirSync(join(dir, 'taken'));
    writeFileSync(join(dir, 'taken', 'notes.txt'), 'mine');
    const refused = kinetic(['new', 'taken', '--no-install', '--no-git'], dir);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('KN_ERR_CLI_DIR_NOT_EMPTY');
    expect(readFileSync(join(dir, 'taken', 'notes.txt'), 'utf8')).toBe('mine');

    const forced = kinetic(['new', 'taken', '--overwrite', '--no-install', '--no-git'], dir);
    expect(forced.status).toBe(0);
    expect(existsSync(join(dir, 'taken', 'notes.txt'))).toBe(false);
    expect(existsSync(join(dir, 'taken', 'src', 'main.ts'))).toBe(true);
  });

  it('refuses a package name npm would refuse', () => {
    const { status, stderr } = kinetic(['new', 'ok', '--name', 'Big App', '--no-install'], dir);
    expect(status).toBe(1);
    expect(stderr).toContain('KN_ERR_CLI_BAD_NAME');
  });

  it('derives the package name from the folder', () => {
    expect(kinetic(['new', 'My Shop', '--no-install', '--no-git'], dir).status).toBe(0);
    expect(readJson(join(dir, 'My Shop', 'package.json')).name).toBe('my-shop');
  });

  it('speaks the package manager it was started with', () => {
    const { stdout } = kinetic(['new', 'p', '--no-install', '--no-git'], dir, {
      npm_config_user_agent: 'pnpm/10.34.9 npm/? node/v20.19.0 linux x64',
    });
    expect(stdout).toContain('pnpm install');
    expect(stdout).toContain('pnpm dev');
  });

  it('refuses a package manager it does not know', () => {
    const { status, stderr } = kinetic(['new', 'p', '--pm', 'cargo', '--no-install'], dir);
    expect(status).toBe(1);
    expect(stderr).toContain('Allowed choices are npm, pnpm, yarn, bun');
  });

  it('initializes git when asked', () => {
    if (spawnSync('git', ['--version']).status !== 0) return;
    expect(kinetic(['new', 'g', '--no-install', '--git'], dir).status).toBe(0);
    expect(existsSync(join(dir, 'g', '.git'))).toBe(true);
  });

  it('says what is wrong with a --local-packages folder', () => {
    const { status, stderr } = kinetic(
      ['new', 'l', '--local-packages', join(dir, 'nope'), '--no-install'],
      dir,
    );
    expect(status).toBe(1);
    expect(stderr).toContain('KN_ERR_CLI_LOCAL_PACKAGES');
  });
});

describe('kinetic dev, build and start', () => {
  it('refuse to run outside an app', () => {
    for (const command of ['dev', 'build']) {
      const { status, stderr } = kinetic(
        [command, '--port', '0'].slice(0, command === 'dev' ? 3 : 1),
        dir,
      );
      expect(status, command).toBe(1);
      expect(stderr, command).toContain('KN_ERR_CLI_NOT_AN_APP');
    }
  });

  it('start asks for a build first', () => {
    const { status, stderr } = kinetic(['start'], dir);
    expect(status).toBe(1);
    expect(stderr).toContain('KN_ERR_CLI_NO_BUILD');
  });

  it('refuse a port that is not one', () => {
    const { status, stderr } = kinetic(['dev', '--port', 'eighty'], dir);
    expect(status).toBe(1);
    expect(stderr).toContain('a port is a whole number');
  });
});
