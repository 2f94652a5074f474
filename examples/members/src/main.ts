// Starts the counter example; the same steps as serve() from `kinetic/server`, which an app
// made by `kinetic new` uses (the examples depend on the @kinetic packages only).
import type { Socket } from 'node:net';
import { buildApp } from './app.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
// The longest a stop may take; above the kinetic plugin's drain deadline (10 s).
const deadlineMs = Number(process.env.KINETIC_SHUTDOWN_DEADLINE_MS ?? 15_000);

/** A configuration error (KN_ERR_…) or a port in use in one line; anything else with its stack. */
function fail(error: unknown): never {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') {
    console.error(
      `Port ${port} on ${host} is in use. Stop what is using it, or set another: PORT=3001.`,
    );
  } else if (error instanceof Error && String(code).startsWith('KN_ERR_')) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
}

const app = await buildApp({ logger: { level: process.env.LOG_LEVEL ?? 'info' } }).catch(fail);

// A connection that never sent a byte (a browser's preconnect) would hold close() until the
// browser gives up: it carries no request, so it is dropped once live sessions have drained.
const sockets = new Set<Socket>();
app.server.on('connection', (socket: Socket) => {
  sockets.add(socket);
  socket.once('close', () => sockets.delete(socket));
});
const closeUnused = () => {
  for (const socket of sockets) if (socket.bytesRead === 0) socket.destroy();
};
app.addHook('preClose', async () => closeUnused());

// Closing tells connected browsers to reconnect. The deadline bounds it whatever the sockets
// do; a second signal exits at once. One Ctrl-C can arrive twice (the terminal signals the
// process group, and npm or pnpm forward it again): repeats within 300 ms are that one.
let stopping: number | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping !== undefined) {
      if (performance.now() - stopping < 300) return;
      console.error(`${signal} again: exiting now.`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    stopping = performance.now();
    console.error(`${signal}: stopping (press Ctrl-C again to exit at once).`);
    setTimeout(() => {
      console.error(`Not stopped within ${deadlineMs} ms: exiting anyway.`);
      process.exit(1);
    }, deadlineMs).unref();
    closeUnused();
    app.close().then(() => process.exit(0), fail);
  });
}

await app.listen({ port, host }).catch(fail);
console.log(
  `Kinetic members: http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/ (Ctrl-C to stop)`,
);
