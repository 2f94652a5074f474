import type { Channel, LiveRuntime, LiveSession } from '@kinetic/core';
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { attachSession, Refusal } from './attach.js';

/** WebSocket close codes used by the live transport. */
export const CLOSE = { policy: 1008, tryLater: 1013 } as const;

interface Tracked {
  alive: boolean;
  readonly session: LiveSession;
  readonly channel: Channel;
}

/**
 * The primary transport: one WebSocket per attachment of a session, with ping-based
 * reaping of dead peers. The session outlives the socket.
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

  accept(socket: WebSocket, request: FastifyRequest): void {
    const channel: Channel = {
      send: (message) => {
        if (socket.readyState === socket.OPEN) socket.send(message);
      },
      close: (code, reason) => socket.close(code, reason),
    };
    const session = attachSession(this.runtime, channel, request);
    if (session instanceof Refusal) {
      socket.send(JSON.stringify(['x', 0, session.code, session.message]));
      socket.close(session.status === 503 ? CLOSE.tryLater : CLOSE.policy, session.code);
      return;
    }
    const tracked: Tracked = { alive: true, session, channel };
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
      session.receive(data.toString());
    });
    socket.on('close', () => {
      this.sockets.delete(socket);
      session.detach(channel);
    });
    socket.on('error', () => socket.terminate());
  }

  stop(): void {
    clearInterval(this.timer);
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
