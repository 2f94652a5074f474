import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';

/** Whether something answers on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(port: number, up: boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await listening(port)) !== up) {
    if (Date.now() > deadline)
      throw new Error(`Redis on port ${port} did not ${up ? 'start' : 'stop'}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function requireRedisServer(): void {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      'these tests need a Redis server: install one (apt-get install -y redis-server) or start one on 127.0.0.1:6379',
    );
  }
}

/**
 * The machine's Redis on 127.0.0.1:6379, started (in the background, saving nothing) when
 * none is running. Tests keep apart from each other and from other users of it by prefix.
 */
export async function sharedRedis(): Promise<string> {
  if (!(await listening(6379))) {
    requireRedisServer();
    spawnSync('redis-server', [
      '--daemonize',
      'yes',
      '--bind',
      '127.0.0.1',
      '--port',
      '6379',
      '--save',
      '',
      '--appendonly',
      'no',
    ]);
    await waitFor(6379, true);
  }
  return 'redis://127.0.0.1:6379';
}

/** A prefix of its own for one test. */
export const testPrefix = () => `kinetic-test-${randomBytes(4).toString('hex')}:`;

/** A Redis of the test's own, on its own port, to stop and start again (an outage). */
export class OwnRedis {
  readonly port = 20_000 + Math.floor(Math.random() * 20_000);
  private child: ChildProcess | undefined;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    requireRedisServer();
    this.child = spawn(
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(this.port), '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitFor(this.port, true);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await waitFor(this.port, false);
  }
}
