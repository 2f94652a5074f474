import { LiveConnection, type LiveRuntime } from '@kinetic/core';
import type { WebSocket } from 'ws';

/** WebSocket close codes used by the live transport. */
export const CLOSE = { normal: 1000, goingAway: 1001, policy: 1008, tooBig: 1009 } as const;

interface Tracked {
  alive: boolean;
  connection: LiveConnection;
}

/**
 * Runs the live protocol over WebSockets: one LiveConnection per socket, ping-based
 * reaping of dead peers, and a way to tell everyone to reconnect on shutdown.
 */
export class WebSocketTransport {
  private readonly sockets = new Map<WebSocket, Tracked>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly runtime: LiveRuntime,
    heartbeatMs: number,
  ) {
    // A peer that answers no ping within one interval is gone (laptop lid, dead NAT entry).
    this.timer = setInterval(() => this.reap(), heartbeatMs);
    this.timer.unref();
  }

  get size(): number {
    return this.sockets.size;
  }

  accept(socket: WebSocket, csrfCookie: string | undefined): void {
    const connection = new LiveConnection(
      this.runtime,
      {
        send: (frame) => {
          if (socket.readyState === socket.OPEN) socket.send(frame);
        },
        close: (code, reason) => socket.close(code, reason),
      },
      { csrfCookie },
    );
    const tracked: Tracked = { alive: true, connection };
    this.sockets.set(socket, tracked);
    socket.on('pong', () => {
      tracked.alive = true;
    });
    socket.on('message', (data, isBinary) => {
      tracked.alive = true;
      if (isBinary) {
        socket.close(CLOSE.policy, 'KN_ERR_FRAME_MALFORMED');
        return;
      }
      connection.receive(data.toString());
    });
    socket.on('close', () => {
      this.sockets.delete(socket);
      void connection.close('disconnect');
    });
    socket.on('error', () => socket.terminate());
  }

  /** Tells every client to reconnect (to this node after a restart, or another) and closes. */
  async shutdown(afterMs: number): Promise<void> {
    clearInterval(this.timer);
    const frame = JSON.stringify(['c', 'shutdown', afterMs]);
    const closing = [...this.sockets.entries()].map(async ([socket, tracked]) => {
      if (socket.readyState === socket.OPEN) socket.send(frame);
      await tracked.connection.close('shutdown');
      socket.close(CLOSE.goingAway, 'shutdown');
    });
    await Promise.all(closing);
  }

  private reap(): void {
    for (const [socket, tracked] of this.sockets) {
      if (!tracked.alive) {
        socket.terminate();
        continue;
      }
      tracked.alive = false;
      socket.ping();
    }
  }
}
