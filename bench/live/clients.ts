// Client side of the live benchmark: the Kinetic side speaks the protocol through
// @kinetic/testing's LiveClient, the one protocol client of the repository (reached by path,
// as the benchmarks import workspace sources); the echo baseline uses raw WebSockets.
import WebSocket from 'ws';
import { LiveClient, type LivePage, loadPage } from '../../packages/testing/src/wire.js';

export type CounterPage = LivePage;

export const loadCounterPage = (base: string): Promise<CounterPage> => loadPage(base, '/');

export function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends one text and resolves with the next message. */
export function roundTrip(ws: WebSocket, text: string): Promise<string> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(data.toString()));
    ws.send(text);
  });
}

/** A joined counter view: click() sends the inc event and waits for its reply. */
export class CounterClient {
  bytesSent = 0;
  bytesReceived = 0;
  /** Bytes of the reply frame alone (the diff), as opposed to the whole message. */
  replyFrameBytes = 0;
  /** The last server message, the one a reply arrived in when its request resolves. */
  private lastMessage = '';

  private readonly client: LiveClient;

  /** The view's connection, which the benchmarks hold and close. */
  get ws(): WebSocket {
    return this.client.webSocket as WebSocket;
  }

  private constructor(base: string, page: CounterPage) {
    this.client = new LiveClient(base, 'websocket', page.cookie, {
      onMessage: (text) => {
        this.bytesReceived += text.length;
        this.lastMessage = text;
      },
      // Clicks only: acks and the join are not what a click costs.
      onSend: (text) => {
        if (text.startsWith('["e"')) this.bytesSent += text.length;
      },
    });
  }

  static async join(base: string, page: CounterPage): Promise<CounterClient> {
    const client = new CounterClient(base, page);
    await client.client.connect();
    const reply = await client.client.join(page, 1, '/');
    if (reply[0] !== 'r') throw new Error(`join failed: ${JSON.stringify(reply).slice(0, 200)}`);
    client.bytesSent = 0;
    client.bytesReceived = 0;
    return client;
  }

  /** Sends the inc event; resolves with the message that carries its reply. */
  async click(): Promise<string> {
    const reply = await this.client.event(1, 'inc');
    if (reply[0] !== 'r') throw new Error(`inc failed: ${JSON.stringify(reply)}`);
    // The reply may come alone or batched with the step's other frames (the title).
    this.replyFrameBytes += JSON.stringify(reply).length;
    return this.lastMessage;
  }
}
