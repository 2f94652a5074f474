// A client that keeps sending and never reads: a raw WebSocket whose TCP socket is paused,
// so whatever the server writes to it piles up in kernel buffers, then in the server.
import type { Socket } from 'node:net';
import WebSocket from 'ws';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class NeverReader {
  sent = 0;
  /** The close code seen once the socket reads again (1006: dropped without a close frame). */
  closedWith: number | undefined;
  private readonly messages: string[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => this.messages.push(data.toString()));
    ws.on('close', (code) => {
      this.closedWith = code;
    });
    ws.on('error', () => {});
  }

  /** Opens the live WebSocket and waits for the hello. */
  static async open(base: string, cookie = ''): Promise<NeverReader> {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/_kinetic/live/websocket?vsn=1`, {
      headers: { origin: base, ...(cookie ? { cookie } : {}) },
      perMessageDeflate: false,
    });
    const reader = new NeverReader(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_request, response) =>
        reject(new Error(`the live WebSocket was refused: HTTP ${response.statusCode}`)),
      );
    });
    await reader.until(() => reader.messages.length >= 1);
    return reader;
  }

  /** Sends one frame and waits for the message that answers it (before reading stops). */
  async request(text: string): Promise<string> {
    const seen = this.messages.length;
    this.ws.send(text);
    await this.until(() => this.messages.length > seen);
    return this.messages[seen] as string;
  }

  /** Stops reading: from now on nothing the server sends is taken off the socket. */
  stopReading(): void {
    (this.ws as unknown as { _socket: Socket })._socket.pause();
  }

  /**
   * Sends `frame(ref)` at `perSecond` (under the rate limit, so the flood itself is
   * allowed) until `stop()` says so or `maxMs` passed.
   */
  async flood(
    frame: (ref: number) => string,
    perSecond: number,
    stop: () => boolean,
    maxMs: number,
  ): Promise<void> {
    const started = Date.now();
    let ref = 100;
    while (!stop() && Date.now() - started < maxMs && this.ws.readyState === this.ws.OPEN) {
      const due = Math.floor(((Date.now() - started) * perSecond) / 1000);
      while (this.sent < due && this.ws.readyState === this.ws.OPEN) {
        this.ws.send(frame(++ref));
        this.sent++;
      }
      await sleep(20);
    }
  }

  /** Reads again, and waits up to `ms` for the close the server may have sent. */
  async resume(ms: number): Promise<number | undefined> {
    (this.ws as unknown as { _socket: Socket })._socket.resume();
    await this.until(() => this.closedWith !== undefined, ms).catch(() => {});
    this.ws.terminate();
    return this.closedWith;
  }

  private async until(predicate: () => boolean, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the server');
      await sleep(5);
    }
  }
}
