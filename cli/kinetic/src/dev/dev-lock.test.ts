import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../test/run-cli.js';
import { DevLock } from './dev-lock.js';

let dir: string;
afterEach(() => removeDir(dir));

const lockIn = () => {
  dir = tempDir();
  return join(dir, '.kinetic', 'dev.lock');
};

describe('DevLock', () => {
  it('refuses a second dev server while the first one runs, naming it', () => {
    const file = lockIn();
    // Another live process holds it: this test's parent.
    mkdirSync(join(dir, '.kinetic'));
    writeFileSync(file, JSON.stringify({ pid: process.ppid, url: 'http://127.0.0.1:3000/' }));
    expect(() => DevLock.acquire(file, dir)).toThrow(
      `KN_ERR_CLI_DEV_RUNNING: kinetic dev already runs for the app in ${dir} (pid ${process.ppid}, http://127.0.0.1:3000/)`,
    );
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.ppid);
  });

  it('takes over a lock whose process is gone', () => {
    const file = lockIn();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    mkdirSync(join(dir, '.kinetic'));
    writeFileSync(file, JSON.stringify({ pid: Number(gone.stdout) }));
    const lock = DevLock.acquire(file, dir);
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.describe('http://127.0.0.1:4000/');
    expect(JSON.parse(readFileSync(file, 'utf8')).url).toBe('http://127.0.0.1:4000/');
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('takes over an unreadable lock', () => {
    const file = lockIn();
    mkdirSync(join(dir, '.kinetic'));
    writeFileSync(file, 'garbage');
    DevLock.acquire(file, dir).release();
    expect(existsSync(file)).toBe(false);
  });
});
