import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { devRunning } from '../errors.js';

/** What a lock file holds: who runs the app folder's dev server, and where. */
interface LockInfo {
  readonly pid: number;
  readonly url?: string;
}

/**
 * One `kinetic dev` per app folder: both would write `.kinetic/dev`, and the second would
 * delete the first one's build. The lock is taken before anything is touched; a lock left by
 * a process that is gone (killed, crashed) is taken over.
 */
export class DevLock {
  private constructor(private readonly file: string) {}

  /** Takes the lock at `file`, or throws KN_ERR_CLI_DEV_RUNNING naming the running server. */
  static acquire(file: string, root: string): DevLock {
    mkdirSync(dirname(file), { recursive: true });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(file, JSON.stringify({ pid: process.pid }), { flag: 'wx' });
        return new DevLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readLock(file);
      if (holder !== undefined && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw devRunning(
          root,
          `pid ${holder.pid}${holder.url === undefined ? '' : `, ${holder.url}`}`,
        );
      }
      // Stale: its process is gone. Removed, then created afresh (wx), so of two servers
      // taking over at once only one wins.
      rmSync(file, { force: true });
    }
    throw devRunning(root, 'another one is starting right now; try again');
  }

  /** Records the server's URL, so a second `kinetic dev` can say where the first one is. */
  describe(url: string): void {
    writeFileSync(this.file, JSON.stringify({ pid: process.pid, url } satisfies LockInfo));
  }

  release(): void {
    if (readLock(this.file)?.pid === process.pid) rmSync(this.file, { force: true });
  }
}

function readLock(file: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockInfo>;
    return typeof info.pid === 'number' ? (info as LockInfo) : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
