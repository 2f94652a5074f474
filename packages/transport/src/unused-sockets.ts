import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * A connection that never sent a byte (a browser's preconnect) counts as busy for Node, so
 * `server.close()` would wait for it until the browser gives up. It holds no request: drop
 * it. Connections in the middle of a request finish; the deadline bounds them. Returns the
 * sweep, which also runs right before Fastify closes the server, so a connection opened
 * during the drain of live sessions goes too.
 */
export function unusedSocketCloser(app: FastifyInstance): () => void {
  const sockets = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const closeUnused = () => {
    for (const socket of sockets) if (socket.bytesRead === 0) socket.destroy();
  };
  // After the kinetic plugin's own preClose (it was registered first), right before Fastify
  // closes the server: no connection can arrive in between. An app that already started
  // takes no hooks; the sweep at the signal must do.
  try {
    app.addHook('preClose', async () => closeUnused());
  } catch {
    // Started already (app.ready() was awaited): Fastify takes no more hooks.
  }
  return closeUnused;
}
