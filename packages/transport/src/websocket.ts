import {
  type Channel,
  CLOSE_CODES,
  clientStuckError,
  type LiveRuntime,
  type LiveSession,
} from '@kinetic/core/runtime';
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { attachSession, Refusal } from './attach.js';

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
    /** Bytes the socket may have queued (a peer that stopped reading) before it is cut off. */
    private readonly maxBuffered: number,
  ) {
    // A peer that answers no ping within one interval is gone (laptop lid, dead NAT entry).
    this.timer = setInterval(() => this.reap(), heartbeatMs);
    this.timer.unref();
  }

  accept(socket: WebSocket, request: FastifyRequest): void {
    let cutOff = false;
    const channel: Channel = {
      send: (message) => {
        if (socket.readyState !== socket.OPEN) return;
        socket.send(message);
        // The session's outbox keeps every message until it is acknowledged; the socket's
        // own queue must not hold a second copy without bound for a peer that stopped reading.
        if (socket.bufferedAmount > this.maxBuffered) {
          const error = clientStuckError(undefined, socket.bufferedAmount);
          request.log.warn({ buffered: socket.bufferedAmount }, error.message);
          cutOff = true;
          closeSoon(socket, CLOSE_CODES.stuck, error.code);
        }
      },
      close: (code, reason) => closeSoon(socket, code, reason),
    };
    const session = attachSession(this.runtime, channel, request, 'websocket');
    if (session instanceof Refusal) {
      socket.send(JSON.stringify(['x', 0, session.code, session.message]));
      closeSoon(
        socket,
        session.status >= 429 ? CLOSE_CODES.tryLater : CLOSE_CODES.policy,
        session.code,
      );
      return;
    }
    const tracked: Tracked = { alive: true, session, channel };
    this.sockets.set(socket, tracked);
    socket.on('pong', () => {
      tracked.alive = true;
    });
    socket.on('message', (data, isBinary) => {
      tracked.alive = true;
      // Frames already received when the server closed the socket are not handled.
      if (socket.readyState !== socket.OPEN) return;
      if (isBinary) {
        socket.close(CLOSE_CODES.policy, 'KN_ERR_FRAME_MALFORMED');
        return;
      }
      session.receive(data.toString());
    });
    socket.on('close', () => {
      this.sockets.delete(socket);
      session.detach(channel, cutOff ? 'slow' : 'closed');
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

/**
 * Closes with a code, and drops the connection if the close handshake has not finished a
 * second later: a peer that stopped reading never reads the close frame either, and until
 * the socket is gone its queued bytes stay in memory.
 */
function closeSoon(socket: WebSocket, code: number, reason: string): void {
  if (socket.readyState === socket.CLOSED) return;
  socket.close(code, reason);
  setTimeout(() => socket.terminate(), 1000).unref();
}
