import { type ChildProcess, fork } from 'node:child_process';
import { appStart } from '../errors.js';
import type { FromApp, ToApp } from './ipc.js';

export interface AppProcessOptions {
  /** The built server entry. */
  readonly entry: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Told about every view failure the app reports. */
  readonly onViewError: (error: Extract<FromApp, { type: 'view-error' }>) => void;
  /** Told (once per process) that a view rendered without JSX's compile step. */
  readonly onJsxFallback: () => void;
  /** Told when the process ends by itself (a crash), with what it last wrote to stderr. */
  readonly onExit: (code: number | null, stderr: string) => void;
  /** Each line the app writes to stdout (its log records). */
  readonly onStdout: (line: string) => void;
}

const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 3_000;
const STDERR_TAIL = 16_384;

/** The hook module loaded into the app: state carry-over and error reports. */
const CHILD_HOOKS = new URL('./child.js', import.meta.url).href;

/**
 * The app's server in a child process: started from the dev build, asked over IPC for its
 * views' state before it is replaced, and stopped.
 */
export class AppProcess {
  private stderr = '';
  /**
   * What the app wrote to stderr before it listened: shown once it listens. If it never
   * does, the failure is reported with its place in the source instead of Node's dump.
   */
  private held: string[] | undefined = [];
  private stopping = false;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    options: AppProcessOptions,
  ) {
    let partial = '';
    // Decoded as a stream: a character split across two chunks stays whole.
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) options.onStdout(line);
    });
    child.stdout?.on('end', () => {
      if (partial !== '') options.onStdout(partial);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (this.held === undefined) process.stderr.write(chunk);
      else this.held.push(chunk.toString());
      this.stderr = (this.stderr + chunk.toString()).slice(-STDERR_TAIL);
    });
    child.on('message', (raw) => {
      const message = raw as FromApp;
      if (message.type === 'view-error') options.onViewError(message);
      else if (message.type === 'jsx-fallback') options.onJsxFallback();
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        // Before it listened, start() reports the failure instead.
        if (!this.stopping && this.port !== 0) options.onExit(code, this.stderr);
        resolve();
      });
    });
  }

  /** The app's port once it listens. */
  port = 0;

  /** Starts the app and resolves once its server listens; rejects if it exits or hangs first. */
  static start(options: AppProcessOptions): Promise<AppProcess> {
    const child = fork(options.entry, [], {
      cwd: options.cwd,
      env: options.env,
      execArgv: ['--enable-source-maps', '--import', CHILD_HOOKS],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const app = new AppProcess(child, options);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(
          appStart(`it did not listen within ${START_TIMEOUT_MS / 1000}s\n${app.stderr.trim()}`),
        );
      }, START_TIMEOUT_MS);
      const onMessage = (raw: unknown) => {
        const message = raw as FromApp;
        if (message.type !== 'listening') return;
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        app.port = message.port;
        for (const text of app.held ?? []) process.stderr.write(text);
        app.held = undefined;
        resolve(app);
      };
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(appStart(`it exited with code ${code} before listening\n${app.stderr.trim()}`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  }

  /** Asks the app to write its views' state to `file`; resolves with the count, 0 on timeout. */
  snapshot(file: string): Promise<{ views: number; skipped: readonly string[] }> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done({ views: 0, skipped: [] }), 2000);
      const onMessage = (raw: unknown) => {
        const message = raw as FromApp;
        if (message.type === 'saved') done(message);
      };
      const done = (result: { views: number; skipped: readonly string[] }) => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        resolve(result);
      };
      this.child.on('message', onMessage);
      if (!this.send({ type: 'snapshot', file })) done({ views: 0, skipped: [] });
    });
  }

  /** Closes the app (killed if it takes more than 3 s) and waits for the process to end. */
  async stop(): Promise<void> {
    if (this.stopping) return this.exited;
    this.stopping = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (!this.send({ type: 'close' })) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }

  private send(message: ToApp): boolean {
    if (!this.child.connected) return false;
    this.child.send(message);
    return true;
  }
}
