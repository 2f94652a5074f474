import type { ServerResponse } from 'node:http';
import type { DevError, DevMessage } from '../shared/dev-protocol.js';

/**
 * The dev server's event stream to every open page (Server-Sent Events). It outlives app
 * restarts, so pages hear about builds and errors while the app itself is down.
 */
export class DevChannel {
  private readonly clients = new Set<ServerResponse>();
  /** The failure the pages should show until the next good build; sent to pages that open. */
  private current: DevError | undefined;

  get error(): DevError | undefined {
    return this.current;
  }

  /** Takes an SSE request's response and keeps it open. */
  open(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    // A short retry: after the dev server restarts, pages reconnect within a second.
    res.write('retry: 500\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
    if (this.current !== undefined) this.write(res, { type: 'error', error: this.current });
  }

  send(message: DevMessage): void {
    if (message.type === 'error') this.current = message.error;
    if (message.type === 'clear' || message.type === 'restarted') this.current = undefined;
    for (const res of this.clients) this.write(res, message);
  }

  close(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private write(res: ServerResponse, message: DevMessage): void {
    res.write(`data: ${JSON.stringify(message)}\n\n`);
  }
}
