// Client side of the live benchmark: real WebSockets speaking the Kinetic protocol.
import WebSocket from 'ws';

export interface CounterPage {
  readonly token: string;
  readonly csrf: string;
  readonly cookie: string;
  readonly html: string;
}

export async function loadCounterPage(base: string): Promise<CounterPage> {
  const response = await fetch(`${base}/`);
  const html = await response.text();
  const token = /data-lv-token="([^"]+)"/.exec(html)?.[1];
  const csrf = /name="kinetic-csrf" content="([^"]+)"/.exec(html)?.[1];
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!token || !csrf || !cookie)
    throw new Error('the counter page lacks its token, CSRF meta or cookie');
  return { token, csrf, cookie, html };
}

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
  private ref = 1;
  bytesSent = 0;
  bytesReceived = 0;

  private constructor(readonly ws: WebSocket) {}

  static async join(base: string, page: CounterPage): Promise<CounterClient> {
    const ws = await openSocket(`${base.replace('http', 'ws')}/_kinetic/live/websocket?vsn=1`, {
      cookie: page.cookie,
      origin: base,
    });
    const reply = await roundTrip(
      ws,
      JSON.stringify(['j', 1, 1, { k: page.token, c: page.csrf, u: `${base}/`, v: 1 }]),
    );
    if (!reply.startsWith('["r",1,')) throw new Error(`join failed: ${reply.slice(0, 200)}`);
    return new CounterClient(ws);
  }

  /** Bytes of the reply frame alone (the diff), as opposed to the whole message. */
  replyFrameBytes = 0;

  /** Sends the inc event; resolves with the message that carries its reply. */
  click(): Promise<string> {
    const ref = ++this.ref;
    const frame = `["e",${ref},1,"inc"]`;
    const head = `["r",${ref},`;
    this.bytesSent += frame.length;
    return new Promise((resolve) => {
      const onMessage = (data: WebSocket.RawData) => {
        const text = data.toString();
        this.bytesReceived += text.length;
        // The reply may come alone or batched with the step's other frames (the title).
        const single = text.startsWith(head);
        if (!single && !text.startsWith(`[${head}`)) return;
        this.ws.off('message', onMessage);
        const replyFrame = single ? text : JSON.stringify((JSON.parse(text) as unknown[])[0]);
        this.replyFrameBytes += replyFrame.length;
        resolve(text);
      };
      this.ws.on('message', onMessage);
      this.ws.send(frame);
    });
  }
}
