// The Phoenix LiveView wire protocol (serializer 2.0.0: [joinRef, ref, topic, event,
// payload]) as far as the benchmark needs it: join the page's main view, send a click,
// wait for its reply. Enough to drive LiveViewJS the way its browser client does.
import WebSocket from 'ws';

export interface PhoenixPage {
  readonly id: string;
  readonly session: string;
  readonly statics: string;
  readonly csrf: string;
  readonly cookie: string;
  readonly html: string;
}

const attribute = (html: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(html)?.[1];

export async function loadPhoenixPage(base: string): Promise<PhoenixPage> {
  const response = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
  const html = await response.text();
  const main =
    /<div\s+data-phx-main="true"\s+data-phx-session="([^"]*)"\s+data-phx-static="([^"]*)"\s+id="([^"]+)"/.exec(
      html,
    );
  const csrf = attribute(html, 'name="csrf-token" content');
  if (!main || !csrf) throw new Error('the LiveViewJS page lacks its main view or CSRF meta');
  const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
  return {
    id: main[3] as string,
    session: main[1] as string,
    statics: main[2] as string,
    csrf,
    cookie,
    html,
  };
}

/** A joined LiveViewJS view: click() sends phx-click "inc" and waits for its reply. */
export class PhoenixClient {
  private ref = 1;
  bytesSent = 0;
  bytesReceived = 0;
  replyFrameBytes = 0;

  private constructor(
    readonly ws: WebSocket,
    private readonly topic: string,
  ) {}

  static async join(base: string, page: PhoenixPage): Promise<PhoenixClient> {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/live/websocket?vsn=2.0.0`, {
      headers: { cookie: page.cookie, origin: base },
      perMessageDeflate: false,
    });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const topic = `lv:${page.id}`;
    const join = JSON.stringify([
      '1',
      '1',
      topic,
      'phx_join',
      {
        url: `${base}/`,
        params: { _csrf_token: page.csrf, _mounts: 0 },
        session: page.session,
        static: page.statics,
      },
    ]);
    const reply = await new Promise<string>((resolve) => {
      ws.once('message', (data) => resolve(data.toString()));
      ws.send(join);
    });
    if (!reply.includes('"phx_reply"') || !reply.includes('"status":"ok"')) {
      throw new Error(`LiveViewJS join failed: ${reply.slice(0, 200)}`);
    }
    return new PhoenixClient(ws, topic);
  }

  click(): Promise<string> {
    const ref = String(++this.ref);
    const frame = JSON.stringify([
      '1',
      ref,
      this.topic,
      'event',
      { type: 'click', event: 'inc', value: { value: '' } },
    ]);
    const head = `["1","${ref}",`;
    this.bytesSent += frame.length;
    return new Promise((resolve) => {
      const onMessage = (data: WebSocket.RawData) => {
        const text = data.toString();
        this.bytesReceived += text.length;
        if (!text.startsWith(head)) return;
        this.ws.off('message', onMessage);
        this.replyFrameBytes += text.length;
        resolve(text);
      };
      this.ws.on('message', onMessage);
      this.ws.send(frame);
    });
  }
}
