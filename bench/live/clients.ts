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
    const url = `${base.replace('http', 'ws')}/_kinetic/live/websocket?vsn=1`;
    const ws = new WebSocket(url, {
      headers: { cookie: page.cookie, origin: base },
      perMessageDeflate: false,
    });
    // The session's hello comes first, then the join reply.
    const hello = new Promise<string>((resolve) =>
      ws.once('message', (data) => resolve(data.toString())),
    );
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    if (!(await hello).startsWith('["s",')) throw new Error('the server sent no hello');
    const join = ['j', 1, 1, { k: page.token, c: page.csrf, u: `${base}/`, v: 1 }];
    const reply = await roundTrip(ws, JSON.stringify(join));
    if (!reply.startsWith('["r",1,')) throw new Error(`join failed: ${reply.slice(0, 200)}`);
    const client = new CounterClient(ws);
    client.frames = 1;
    return client;
  }

  /** Sequenced frames received; acknowledged every 16, as the browser runtime does. */
  private frames = 0;

  private count(text: string): void {
    const before = this.frames;
    this.frames += text.startsWith('[[') ? (JSON.parse(text) as unknown[]).length : 1;
    if (Math.floor(this.frames / 16) > Math.floor(before / 16))
      this.ws.send(`["a",${this.frames}]`);
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
        this.count(text);
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
