import type {
  ClientFrame,
  HelloFrame,
  ReplyFrame,
  ServerFrame,
  ServerMessage,
} from '@kinetic/protocol';
import WebSocket from 'ws';
import { closed, ViewError } from './errors.js';

interface Pending {
  /** Runs in the message handler itself, before any later frame is looked at. */
  readonly onReply: (frame: ReplyFrame) => void;
  readonly reject: (error: Error) => void;
}

/** Frames that are not the answer to a request: d, p, g, t, c, and x with ref 0. */
export type PushFrame = Exclude<ServerFrame, ReplyFrame | HelloFrame>;

/**
 * The protocol side of a browser tab over a real WebSocket: numbers requests, matches
 * replies, and hands every other frame over in arrival order.
 */
export class WireClient {
  private ref = 0;
  private readonly pending = new Map<number, Pending>();
  private gone = false;
  private received = 0;

  private constructor(
    private readonly ws: WebSocket,
    onFrame: (frame: PushFrame) => void,
    onClose: () => void,
  ) {
    // Frames are handled synchronously, in order: a reply's patch must be applied before a
    // `d` frame that follows it in the same TCP read, or the trees would diverge.
    ws.on('message', (data) => this.receive(String(data), onFrame));
    ws.on('close', () => {
      this.gone = true;
      for (const pending of this.pending.values()) pending.reject(closed());
      this.pending.clear();
      onClose();
    });
  }

  /** Opens the socket with the headers a browser would send (cookie, origin). */
  static open(
    url: string,
    headers: Record<string, string>,
    onFrame: (frame: PushFrame) => void,
    onClose: () => void,
  ): Promise<WireClient> {
    const ws = new WebSocket(url, { headers });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new WireClient(ws, onFrame, onClose)));
      ws.once('unexpected-response', (_request, response) => {
        reject(new Error(`the live socket ${url} was refused with HTTP ${response.statusCode}`));
      });
      ws.once('error', reject);
    });
  }

  /**
   * Sends the frame `build` makes with a fresh ref; `onReply` runs when its reply arrives.
   * An `x` answer rejects with the server's code and message.
   */
  request<T>(build: (ref: number) => ClientFrame, onReply: (frame: ReplyFrame) => T): Promise<T> {
    if (this.gone) return Promise.reject(closed());
    const frame = build(++this.ref);
    return new Promise<T>((resolve, reject) => {
      this.pending.set(frame[1], {
        onReply: (reply) => {
          try {
            resolve(onReply(reply));
          } catch (error) {
            reject(error);
          }
        },
        reject,
      });
      this.ws.send(JSON.stringify(frame));
    });
  }

  close(): Promise<void> {
    if (this.gone) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close(1000, 'test done');
    });
  }

  private receive(text: string, onFrame: (frame: PushFrame) => void): void {
    const message = JSON.parse(text) as ServerMessage;
    // A step's frames may arrive batched in one message, as the browser runtime accepts.
    if (Array.isArray(message[0])) {
      for (const frame of message as ServerFrame[]) this.receiveFrame(frame, onFrame);
    } else {
      this.receiveFrame(message as ServerFrame, onFrame);
    }
  }

  private receiveFrame(frame: ServerFrame, onFrame: (frame: PushFrame) => void): void {
    // The hello opens the session; every later frame is numbered, and acknowledging them
    // lets the server forget them, as the browser runtime does.
    if (frame[0] === 's') {
      this.received = frame[4] - 1;
      return;
    }
    this.received++;
    if (this.received % 16 === 0 && !this.gone) this.ws.send(JSON.stringify(['a', this.received]));
    if (frame[0] === 'r' || (frame[0] === 'x' && frame[1] !== 0)) {
      const pending = this.pending.get(frame[1]);
      this.pending.delete(frame[1]);
      if (pending === undefined) return;
      if (frame[0] === 'r') pending.onReply(frame);
      else pending.reject(new ViewError(frame[2], frame[3]));
      return;
    }
    onFrame(frame as PushFrame);
  }
}
