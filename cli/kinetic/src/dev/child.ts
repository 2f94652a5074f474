/**
 * Loaded into the app's process by `kinetic dev` (node --import): carries views' state
 * across restarts and reports view failures to the dev server. The app's own code knows
 * nothing of it: the hooks attach to every Fastify instance the app creates.
 */
import { subscribe } from 'node:diagnostics_channel';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { Assigns, ViewErrorMessage } from '@kinetic/core';
import type { LiveRuntime } from '@kinetic/core/runtime';
import type { FastifyInstance } from 'fastify';
import { packageDir } from '../build/resolve-client.js';
import { ENV, type FromApp, type ToApp } from './ipc.js';
import { isPlainData } from './plain-data.js';
import { DevStateStore } from './state-store.js';

// Same name as @kinetic/core's VIEW_ERROR_CHANNEL; not imported, since this module is
// resolved from the kinetic package, which need not see the app's @kinetic/core.
const VIEW_ERROR_CHANNEL = 'kinetic:view-error';

const send = (message: FromApp) => process.send?.(message);

function loadSaved(): Map<string, Assigns> {
  const file = process.env[ENV.state];
  if (file === undefined || !existsSync(file)) return new Map();
  const saved = deserialize(readFileSync(file)) as Map<string, Assigns>;
  return saved instanceof Map ? saved : new Map();
}

const store = new DevStateStore(loadSaved());
const apps = new Set<FastifyInstance>();

subscribe('fastify.initialization', (message) => {
  const app = (message as { fastify: FastifyInstance }).fastify;
  apps.add(app);
  app.addHook('onReady', async () => {
    const runtime = (app as unknown as { kinetic?: LiveRuntime }).kinetic;
    if (runtime !== undefined) runtime.stateStore = store;
  });
  app.addHook('onResponse', async () => {
    await checkJsxFallback();
  });
  app.addHook('onListen', async () => {
    const address = app.server.address() as AddressInfo | null;
    if (address !== null && typeof address === 'object')
      send({ type: 'listening', port: address.port });
  });
});

subscribe(VIEW_ERROR_CHANNEL, (message) => {
  const { view, phase, error } = message as ViewErrorMessage;
  const cause = error.cause;
  send({
    type: 'view-error',
    view,
    phase,
    message: error.message,
    code: error.code,
    stack: cause instanceof Error ? cause.stack : error.stack,
  });
});

// --- The JSX fallback ---------------------------------------------------------------
// @kinetic/core's jsx-runtime records whether a view rendered through `jsx`/`jsxs`, i.e.
// without @kinetic/jsx's compile step. The flag lives in the app's copy of the module, so
// it is imported from the app's node_modules: the same file, hence the same module
// instance, as the app's own import of `@kinetic/core/jsx-runtime`.

type FallbackProbe = () => boolean;
let probe: Promise<FallbackProbe | undefined> | undefined;
let fallbackReported = false;

function appJsxRuntime(): Promise<FallbackProbe | undefined> {
  probe ??= (async () => {
    const core = packageDir('@kinetic/core', process.cwd());
    if (core === undefined) return undefined;
    const pkg = JSON.parse(readFileSync(join(core, 'package.json'), 'utf8')) as {
      exports?: Record<string, { import?: string } | undefined>;
    };
    const entry = pkg.exports?.['./jsx-runtime']?.import;
    // An older @kinetic/core has no JSX runtime: nothing can render through it.
    if (entry === undefined) return undefined;
    const runtime = (await import(pathToFileURL(join(core, entry)).href)) as {
      renderedWithoutCompileStep?: FallbackProbe;
    };
    return runtime.renderedWithoutCompileStep;
  })().catch(() => undefined);
  return probe;
}

async function checkJsxFallback(): Promise<void> {
  if (fallbackReported) return;
  const rendered = await appJsxRuntime();
  if (rendered?.() === true && !fallbackReported) {
    fallbackReported = true;
    send({ type: 'jsx-fallback' });
  }
}

// Checked after every HTTP response (the first render of a page), and every second for
// renders over the WebSocket (an event that shows a branch nobody rendered before).
setInterval(() => void checkJsxFallback(), 1000).unref();

/** Writes every view's assigns; a view whose state cannot be copied faithfully is left out. */
function snapshot(file: string): void {
  const states = new Map<string, Assigns>();
  const skipped: string[] = [];
  for (const [token, { view, assigns }] of store.snapshot()) {
    if (isPlainData(assigns)) states.set(token, assigns);
    else skipped.push(view);
  }
  writeFileSync(file, serialize(states));
  send({ type: 'saved', views: states.size, skipped });
}

// The dev server went away (killed, crashed): nothing would ever stop this process.
process.on('disconnect', () => process.exit(0));

process.on('message', (raw) => {
  const message = raw as ToApp;
  switch (message.type) {
    case 'snapshot':
      snapshot(message.file);
      return;
    case 'close':
      void Promise.allSettled([...apps].map((app) => app.close())).then(() => process.exit(0));
      return;
    default:
      message satisfies never;
  }
});
