// The bench's side of a forked fuzz server (./server.ts): its address, its memory and
// session counts over IPC, and whether it is still alive.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Ask, ServerStats } from './server.js';

export class FuzzServer {
  private ids = 0;
  private readonly waiting = new Map<
    number,
    { resolve(answer: Record<string, unknown>): void; reject(error: Error): void }
  >();
  /** How the process ended, if it did: the crash the bench counts. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly base: string,
  ) {
    child.on('message', (m: { id?: number }) => {
      if (m.id === undefined) return;
      this.waiting.get(m.id)?.resolve(m as Record<string, unknown>);
      this.waiting.delete(m.id);
    });
    child.on('exit', (code, signal) => {
      this.exit = { code, signal };
      for (const { reject } of this.waiting.values()) reject(new Error('the fuzz server is gone'));
      this.waiting.clear();
    });
  }

  static async start(options: Record<string, unknown> = {}): Promise<FuzzServer> {
    const child = fork(
      fileURLToPath(new URL('./server.ts', import.meta.url)),
      [JSON.stringify(options)],
      {
        execArgv: ['--import', 'tsx', '--expose-gc'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m) => resolve((m as { port: number }).port));
      child.once('exit', (code) => reject(new Error(`the fuzz server exited with ${code}`)));
    });
    return new FuzzServer(child, `http://127.0.0.1:${port}`);
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  private ask(ask: Ask['ask']): Promise<Record<string, unknown>> {
    if (!this.alive) return Promise.reject(new Error('the fuzz server is gone'));
    const id = ++this.ids;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, ask } satisfies Ask, (error) => {
        if (error) reject(error);
      });
    });
  }

  async memory(): Promise<NodeJS.MemoryUsage> {
    return (await this.ask('memory')).memory as NodeJS.MemoryUsage;
  }

  /** Memory after a full garbage collection: what stays. */
  async memoryAfterGc(): Promise<NodeJS.MemoryUsage> {
    return (await this.ask('gc')).memory as NodeJS.MemoryUsage;
  }

  async stats(): Promise<ServerStats> {
    return (await this.ask('stats')).stats as ServerStats;
  }

  /** Whether a fresh page load is answered 200. */
  async answers(): Promise<boolean> {
    try {
      return (await fetch(`${this.base}/counter`)).status === 200;
    } catch {
      return false;
    }
  }

  stop(): Promise<void> {
    if (!this.alive) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill();
    });
  }
}

/** RSS of some servers every 100 ms, keeping the peak of each. */
export class RssSampler {
  readonly peaks: number[];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly servers: readonly FuzzServer[]) {
    this.peaks = servers.map(() => 0);
    this.timer = setInterval(() => void this.sample(), 100);
  }

  private async sample(): Promise<void> {
    await Promise.all(
      this.servers.map(async (server, i) => {
        if (!server.alive) return;
        const { rss } = await server.memory().catch(() => ({ rss: 0 }));
        this.peaks[i] = Math.max(this.peaks[i] ?? 0, rss);
      }),
    );
  }

  /** Stops sampling; the peak RSS of each server. */
  async stop(): Promise<number[]> {
    clearInterval(this.timer);
    await this.sample();
    return this.peaks;
  }
}

export const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
