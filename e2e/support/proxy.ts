/**
 * An HTTP proxy on 127.0.0.1 in front of an app, to put the browser behind the networks
 * real users are behind: one that refuses WebSocket upgrades, one that also buffers event
 * streams (a corporate proxy that only forwards a response once it is complete), and a
 * switch that cuts every open connection at once (a network blip).
 */
import { createServer, type IncomingMessage, request } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * - `pass`: forwards everything, WebSocket upgrades included.
 * - `no-websocket`: refuses every upgrade with 403.
 * - `no-streaming`: refuses upgrades and holds `text/event-stream` responses until the
 *   upstream response ends, so an event stream never delivers anything.
 * - `offline`: drops every new connection at once (a network that is down; with
 *   `killConnections`, a blip that lasts as long as the test wants).
 */
export type ProxyMode = 'pass' | 'no-websocket' | 'no-streaming' | 'offline';

export interface TestProxy {
  /** The proxy's base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Can be switched while running; applies to new requests. */
  mode: ProxyMode;
  /** Requests seen, as `METHOD /path` without the query, in order. */
  readonly requests: string[];
  /**
   * Milliseconds added to every WebSocket chunk, each way (a round trip costs twice this),
   * in order: a distant server. Applies to chunks sent after it is set.
   */
  latencyMs: number;
  /** Destroys every open connection, both sides: the browser and the app see a dead network. */
  killConnections(): void;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (an app's base URL) on a free port. */
export async function startProxy(target: string, mode: ProxyMode = 'pass'): Promise<TestProxy> {
  const upstream = new URL(target);
  const host = upstream.hostname;
  const port = Number(upstream.port);
  const open = new Set<Duplex>();
  const track = (socket: Duplex): void => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  };
  const requests: string[] = [];

  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url?.split('?')[0]}`);
    // A fresh upstream connection per request (no agent), so a kill reaches all of them.
    const out = request({
      host,
      port,
      method: req.method,
      path: req.url,
      headers: pairs(req.rawHeaders),
      agent: false,
    });
    out.on('socket', track);
    out.on('response', (answer) => {
      answer.on('error', () => res.destroy());
      const buffering =
        proxy.mode === 'no-streaming' &&
        String(answer.headers['content-type']).startsWith('text/event-stream');
      if (!buffering) {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        const headers = pairs(answer.rawHeaders, ['transfer-encoding', 'content-length']);
        res.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': body.length });
        res.end(body);
      });
    });
    // A killed or aborted connection shows up as errors on both sides; each ends the other.
    out.on('error', () => res.destroy());
    req.on('error', () => out.destroy());
    res.on('error', () => out.destroy());
    req.pipe(out);
    // The browser gave up (closed an EventSource, aborted a poll): so does the proxy.
    res.on('close', () => {
      if (!res.writableFinished) out.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    if (proxy.mode === 'offline') socket.destroy();
    else track(socket);
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    requests.push(`UPGRADE ${req.url?.split('?')[0]}`);
    track(socket);
    if (proxy.mode !== 'pass') {
      const refusal = 'HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n';
      socket.end(refusal, () => socket.destroy());
      return;
    }
    const out: Socket = connect(port, host, () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      }
      out.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) out.write(head);
      forward(socket, out);
      forward(out, socket);
    });
    track(out);
    out.on('error', () => socket.destroy());
    socket.on('error', () => out.destroy());
    out.on('close', () => socket.destroy());
    socket.on('close', () => out.destroy());
  });

  // Chunks keep their order: timers of one duration fire in the order they were set.
  const forward = (from: Duplex, to: Duplex): void => {
    from.on('data', (chunk: Buffer) => {
      if (proxy.latencyMs <= 0) to.write(chunk);
      else setTimeout(() => to.writable && to.write(chunk), proxy.latencyMs);
    });
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: TestProxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mode,
    requests,
    latencyMs: 0,
    killConnections() {
      for (const socket of open) socket.destroy();
      open.clear();
    },
    async close() {
      proxy.killConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return proxy;
}

/** Raw header pairs as an object, repeated names joined as Node does, some left out. */
function pairs(raw: string[], without: string[] = []): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    if (without.includes(name)) continue;
    const seen = headers[name];
    headers[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return headers;
}
