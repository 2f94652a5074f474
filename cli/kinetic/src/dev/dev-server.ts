import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { watch } from 'chokidar';
import kleur from 'kleur';
import { findApp } from '../app-root.js';
import { badOption, CliError } from '../errors.js';
import { usesJsx } from '../jsx.js';
import { clock, duration, log } from '../log.js';
import type { DevError } from '../shared/dev-protocol.js';
import { cliVersion } from '../version.js';
import { formatAppLog, ShownFailures } from './app-log.js';
import { AppProcess } from './app-process.js';
import { DevBuilder } from './dev-builder.js';
import { DevChannel } from './dev-channel.js';
import { DevLock } from './dev-lock.js';
import { DevProxy } from './dev-proxy.js';
import { openInEditor } from './editor.js';
import { formatDevError } from './format-error.js';
import { ENV } from './ipc.js';
import { locate } from './located-error.js';
import { viewFailure } from './view-failure.js';

/**
 * What to say when a view rendered through @kinetic/core's JSX fallback: the page is
 * right, its patches are larger than they need be. The fix depends on why the compile
 * step did not run: the app has no @kinetic/jsx, or some code reached `jsx()` around it.
 */
export function jsxFallbackWarning(jsxApp: boolean): string {
  const why =
    'A view rendered JSX without the compile step (the runtime fallback): the page is right, its patches are larger than they need be.';
  return jsxApp
    ? `${why} kinetic dev compiles the app's .tsx and .jsx files, so the call came from elsewhere: JSX in node_modules, or code calling jsx() from @kinetic/core/jsx-runtime itself. Move that JSX into a .tsx file of the app.`
    : `${why} Add @kinetic/jsx to the app's dependencies (npm install @kinetic/jsx) and restart kinetic dev: it then compiles .tsx views. See the JSX guide (docs/jsx.md).`;
}

export interface DevOptions {
  readonly root?: string | undefined;
  readonly port: number;
  readonly host: string;
}

/** A running dev server. */
export interface DevServer {
  readonly url: string;
  /** Rebuilds the server code and restarts the app, views keeping their state. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** How long a burst of saves (an editor writing several files) is gathered into one rebuild. */
const SETTLE_MS = 40;

/**
 * `kinetic dev`: builds the app, runs it in a child process behind a proxy on the public
 * port, and on every save rebuilds what changed: stylesheets are swapped in the open pages,
 * server code restarts the app with every live view's state carried over.
 */
export async function startDevServer(options: DevOptions): Promise<DevServer> {
  const started = performance.now();
  const app = findApp(options.root, ['main']);
  // Nothing is touched before the lock and the port are ours: a second dev server that
  // refuses must leave the running one's build alone.
  const lock = DevLock.acquire(join(app.root, '.kinetic', 'dev.lock'), app.root);
  const channel = new DevChannel();
  const proxy = new DevProxy(channel, (request) => openInEditor(app.root, request));
  let port: number;
  try {
    port = await proxy.listen(options.port, options.host);
  } catch (error) {
    lock.release();
    const code = (error as NodeJS.ErrnoException).code;
    throw code === 'EADDRINUSE'
      ? badOption('--port', String(options.port), 'it is in use; pick another with --port')
      : error;
  }
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/`;
  lock.describe(url);
  // However the process ends (Ctrl-C, a crash), the next dev server finds no live lock.
  const releaseLock = () => lock.release();
  process.once('exit', releaseLock);

  const outDir = join(app.root, '.kinetic', 'dev');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const stateFile = join(outDir, 'state.bin');
  const builder = new DevBuilder(app, outDir);
  const rel = (file: string) => relative(app.root, file);

  // One secret for the whole session: pages' tokens must verify in every restarted app.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    KINETIC_SECRET: process.env.KINETIC_SECRET ?? randomBytes(32).toString('base64url'),
    KINETIC_ASSETS_DIR: builder.assetsDir,
    [ENV.dev]: '1',
    [ENV.state]: stateFile,
  };

  let current: AppProcess | undefined;
  // View failures reported with their code frame: the app's log record of the same failure
  // (it usually follows) is not printed again.
  const shown = new ShownFailures();
  // Said once a session: every restart starts a new app process, which reports it again.
  let jsxFallbackWarned = false;

  const report = (error: DevError) => {
    console.error(`${clock()} ${formatDevError(error)}`);
    channel.send({ type: 'error', error });
  };

  const startApp = async (): Promise<boolean> => {
    try {
      current = await AppProcess.start({
        entry: builder.serverEntry,
        cwd: app.root,
        env,
        onViewError: (failure) => {
          shown.add(failure.message);
          report(viewFailure(app.root, failure, builder.serverInputs));
        },
        onJsxFallback: () => {
          if (jsxFallbackWarned) return;
          jsxFallbackWarned = true;
          log.warn(`${clock()} ${jsxFallbackWarning(usesJsx(app.root))}`);
        },
        onStdout: (line) => {
          const text = formatAppLog(line, app.root, (message) => shown.take(message));
          if (text !== undefined) console.log(text);
        },
        onExit: (code, stderr) => {
          current = undefined;
          proxy.down();
          report(startupError(app.root, `The app exited (code ${code}).`, stderr));
        },
      });
      proxy.resume(current.port);
      return true;
    } catch (error) {
      current = undefined;
      proxy.down();
      const text = error instanceof CliError ? error.message : String(error);
      const [headline = text, ...rest] = text.split('\n');
      report(startupError(app.root, headline, rest.join('\n')));
      return false;
    }
  };

  /** Replaces the app process; returns how many views' state was carried over, and when the new app was ready. */
  const restart = async (): Promise<{ carried: number; readyMs: number }> => {
    const started = performance.now();
    proxy.hold();
    const old = current;
    current = undefined;
    let carried = 0;
    // With no app running (it failed to start, or crashed) the file from the last snapshot
    // is the state to restore, however many starts fail: it is replaced only by a new one.
    if (old !== undefined) {
      rmSync(stateFile, { force: true });
      const saved = await old.snapshot(stateFile);
      carried = saved.views;
      if (saved.skipped.length > 0) {
        log.warn(
          `${[...new Set(saved.skipped)].join(', ')}: state holds values that cannot be copied (functions, class instances); re-mounted`,
        );
      }
    }
    // Browsers reconnect at once and wait in the proxy for the new app, which starts while
    // the old one closes (each has its own port).
    proxy.dropConnections();
    const stopping = old?.stop();
    if (await startApp()) channel.send({ type: 'restarted' });
    const readyMs = performance.now() - started;
    await stopping;
    return { carried, readyMs };
  };

  log.info(`\n  ${kleur.bold().cyan('kinetic dev')} ${kleur.dim(`v${cliVersion()}`)}\n`);
  log.info(`  ${kleur.green('➜')} App:   ${kleur.cyan(url)}`);

  // First build and start.
  const css = await builder.buildCss();
  if (!css.ok) for (const error of css.errors) report(error);
  const server = await builder.buildServer();
  const buildMs = server.ms + css.ms;
  if (server.ok) await startApp();
  else {
    proxy.down();
    for (const error of server.errors) report(error);
  }

  log.info(
    `  ${kleur.green('➜')} Ready in ${duration(performance.now() - started)} ${kleur.dim(`(build ${duration(buildMs)})`)}`,
  );
  log.info(
    kleur.dim(
      `  Watching ${rel(join(app.root, 'src'))}${sep} — edit a file and the open pages follow.\n`,
    ),
  );

  // Saves are gathered briefly, then handled one batch at a time, in order.
  const changes = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  let queue = Promise.resolve();

  const handle = async (batch: Map<string, string>) => {
    const files = [...batch.keys()];
    log.info(`${clock()} ${kleur.green('changed')} ${files.map(rel).join(', ')}`);
    const cssChanged = files.some((file) => file.endsWith('.css'));
    const structural = [...batch.values()].some((event) => event !== 'change');
    const serverChanged = files.some(
      (file) =>
        !file.endsWith('.css') &&
        (structural || builder.serverInputs.has(file) || !file.includes(`${sep}src${sep}`)),
    );
    if (cssChanged) {
      const result = await builder.buildCss();
      if (!result.ok) for (const error of result.errors) report(error);
      else {
        for (const href of builder.stylesheets)
          channel.send({ type: 'css', href: `/assets/${href}` });
        log.info(
          `${clock()} ${kleur.green('stylesheet swapped')} ${kleur.dim(`in ${duration(result.ms)}`)}`,
        );
        if (!serverChanged && channel.error?.phase === 'build' && current !== undefined) {
          channel.send({ type: 'clear' });
        }
      }
    }
    if (!serverChanged) return;
    const result = await builder.buildServer();
    if (!result.ok) {
      for (const error of result.errors) report(error);
      return;
    }
    if (!result.changed && current !== undefined) {
      if (channel.error?.phase === 'build') channel.send({ type: 'clear' });
      log.info(
        `${clock()} ${kleur.dim(`rebuilt in ${duration(result.ms)}, no change to the server`)}`,
      );
      return;
    }
    const { carried, readyMs } = await restart();
    if (current !== undefined) {
      log.info(
        `${clock()} ${kleur.green('rebuilt')} in ${duration(result.ms)} · ${kleur.green('restarted')} in ${duration(readyMs)}${carried === 0 ? '' : ` · ${carried} view${carried === 1 ? '' : 's'} kept ${carried === 1 ? 'its' : 'their'} state`}`,
      );
    }
  };

  const watcher = watch([join(app.root, 'src'), join(app.root, 'package.json')], {
    ignoreInitial: true,
    ignored: (path) =>
      path.includes(`${sep}node_modules${sep}`) || path.includes(`${sep}.kinetic${sep}`),
  });
  watcher.on('all', (event, file) => {
    if (event === 'addDir' || event === 'unlinkDir') return;
    changes.set(file, changes.get(file) === 'add' ? 'add' : event);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const batch = new Map(changes);
      changes.clear();
      queue = queue.then(() => handle(batch)).catch((error: unknown) => log.error(String(error)));
    }, SETTLE_MS);
  });
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    url,
    restart() {
      const done = queue.then(async () => {
        const result = await builder.buildServer();
        if (!result.ok) {
          for (const error of result.errors) report(error);
          return;
        }
        const { carried, readyMs } = await restart();
        log.info(
          `${clock()} ${kleur.green('restarted')} in ${duration(readyMs)}${carried === 0 ? '' : ` · ${carried} view${carried === 1 ? '' : 's'} kept ${carried === 1 ? 'its' : 'their'} state`}`,
        );
      });
      queue = done.catch((error: unknown) => log.error(String(error)));
      return queue;
    },
    async close() {
      clearTimeout(timer);
      await watcher.close();
      await queue;
      channel.close();
      await Promise.all([proxy.close(), current?.stop(), builder.dispose()]);
      lock.release();
      process.off('exit', releaseLock);
    },
  };
}

/** An app that would not start: the error in its stderr, placed in the source when it can be. */
function startupError(root: string, headline: string, stderr: string): DevError {
  const lines = stderr.split('\n');
  const at = lines.findIndex((line) => /^\w*(Error|Exception)\b|^\w+Error:/.test(line.trim()));
  const message = at === -1 ? headline : `${headline}\n${lines[at]?.trim()}`;
  const stack = at === -1 ? stderr : lines.slice(at).join('\n');
  const located = locate(root, { phase: 'startup', message }, stack);
  if (located.file !== undefined) return located;
  // Nowhere in the app's source (a dependency threw, or no stack): what the app printed.
  const printed = stderr.trim().split('\n').slice(-40).join('\n');
  return printed === '' ? located : { ...located, message: `${headline}\n${printed}` };
}
