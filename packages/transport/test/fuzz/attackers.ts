// Attackers of a running Kinetic app: raw WebSockets that reconnect whenever they are cut
// off, and POSTs into the SSE and long-poll endpoints, all sending fuzzMessage()s. Each has
// an address of its own (x-forwarded-for; the app trusts its proxy), as distinct clients do.
import WebSocket from 'ws';
import { bodyOf, FuzzContext, type FuzzMessage, fuzzMessage, type PageTokens } from './frames.js';
import type { Random } from './random.js';

/** What the attackers did and what came back. */
export class AttackStats {
  /** Messages sent over WebSockets (a batch counts once). */
  wsFrames = 0;
  /** POST bodies sent. */
  postFrames = 0;
  connections = 0;
  /** HTTP statuses: POSTs, GETs and refused WebSocket upgrades. */
  readonly statuses = new Map<string, number>();
  /** Close codes of attackers' WebSockets. */
  readonly closes = new Map<number, number>();
  /** Error codes of `x` frames the attackers were answered with. */
  readonly codes = new Map<string, number>();
  /** Every 5xx: what was sent and what came back. A 500 is a defect. */
  readonly serverErrors: string[] = [];
  /** Server messages that were not JSON arrays, and the first few of them. */
  unreadable = 0;
  readonly unreadableSamples: string[] = [];
  /** Requests that got no HTTP answer at all (a connection reset), by what was sent. */
  readonly networkErrors = new Map<string, number>();

  get frames(): number {
    return this.wsFrames + this.postFrames;
  }

  count<K>(map: Map<K, number>, key: K): void {
    map.set(key, (map.get(key) ?? 0) + 1);
  }

  /** Reads a server message the way a client would, noting error codes. */
  read(text: string, where: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.noteUnreadable(text, where);
      return;
    }
    if (!Array.isArray(message)) {
      this.noteUnreadable(text, where);
      return;
    }
    const frames = Array.isArray(message[0]) ? (message as unknown[][]) : [message];
    for (const frame of frames) if (frame[0] === 'x') this.count(this.codes, String(frame[2]));
  }

  noteUnreadable(text: string, where: string): void {
    this.unreadable++;
    if (this.unreadableSamples.length < 5)
      this.unreadableSamples.push(`${where}: ${text.slice(0, 300)}`);
  }

  /** Plain records for console.table. */
  summary(): Record<string, string | number> {
    const of = <K>(map: Map<K, number>) =>
      [...map]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${String(k)}:${n}`)
        .join(' ');
    return {
      frames: this.frames,
      wsFrames: this.wsFrames,
      postFrames: this.postFrames,
      connections: this.connections,
      statuses: of(this.statuses),
      closes: of(this.closes),
      networkErrors: of(this.networkErrors),
      serverErrors: this.serverErrors.length,
      unreadable: this.unreadable,
    };
  }
}

/** When to stop: once each side sent its share of frames and nothing holds the attack on. */
export class Budget {
  private stopped = false;
  private holds = 0;

  constructor(
    readonly wsFrames: number,
    readonly postFrames: number,
  ) {}

  /** Keeps the attack going, past its share, until `until` settles. */
  hold(until: Promise<unknown>): void {
    this.holds++;
    void until.finally(() => this.holds--).catch(() => {});
  }

  /** Stops at once, whatever was sent (a time limit). */
  stop(): void {
    this.stopped = true;
  }

  ws(stats: AttackStats): boolean {
    return !this.stopped && (stats.wsFrames < this.wsFrames || this.holds > 0);
  }

  post(stats: AttackStats): boolean {
    return !this.stopped && (stats.postFrames < this.postFrames || this.holds > 0);
  }
}

export interface Attacker {
  readonly base: string;
  readonly rng: Random;
  readonly stats: AttackStats;
  readonly budget: Budget;
  /** The address of the attacker's `n`th connection or session. */
  readonly ip: (n: number) => string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Addresses that are not well-formed, or not plain IPv4; none is the loopback. */
const ODD_ADDRESSES = [
  '::ffff:10.9.9.9',
  '2001:db8:1:2::7',
  '2001:db8:1:2:ffff::8',
  'fe80::1%eth0',
  '10.7.7.7, 10.8.8.8',
  'not-an-ip',
  '[2001:db8::1]:443',
];

/** Loads the pages an attacker joins with, as a browser would, under its own address. */
export async function attackerPages(
  base: string,
  ip: string,
): Promise<{ cookie: string; pages: PageTokens[] }> {
  const pages: PageTokens[] = [];
  let cookie = '';
  for (const path of ['/counter', '/big']) {
    const response = await fetch(base + path, {
      headers: { 'x-forwarded-for': ip, ...(cookie ? { cookie } : {}) },
    });
    const html = await response.text();
    const token = /data-lv-token="([^"]+)"/.exec(html)?.[1];
    const csrf = /name="kinetic-csrf" content="([^"]+)"/.exec(html)?.[1];
    cookie ||= response.headers.get('set-cookie')?.split(';')[0] ?? '';
    if (token && csrf) pages.push({ path, token, csrf });
  }
  return { cookie, pages };
}

/**
 * Opens WebSockets and fires messages down them until the budget is spent: each connection
 * sends a random number of messages, or fewer when the server cuts it off, then the next
 * one opens, sometimes resuming the last session with its key.
 */
export async function attackOverWebSocket(attacker: Attacker): Promise<void> {
  const { base, rng, stats, budget } = attacker;
  const { cookie, pages } = await attackerPages(base, attacker.ip(0));
  let last: { sid: string; key: string } | undefined;
  for (let n = 0; budget.ws(stats); n++) {
    const ip = rng.chance(0.02) ? rng.pick(ODD_ADDRESSES) : attacker.ip(n);
    const headers: Record<string, string> = { 'x-forwarded-for': ip };
    if (rng.chance(0.9)) headers.origin = rng.chance(0.97) ? base : 'http://evil.example';
    if (rng.chance(0.85)) headers.cookie = cookie;
    const query = rng.pick([
      () => 'vsn=1',
      () => 'vsn=1',
      () => 'vsn=1',
      () =>
        last ? `vsn=1&sid=${last.sid}&key=${last.key}&ack=${rng.pick(['0', '1e21', '-1'])}` : '',
      () => rng.pick(['vsn=2', 'vsn=abc', 'sid=a&sid=b&key=c', 'vsn=1&ack=9007199254740993']),
      () => `vsn=1&sid=${rng.text(20)}&key=${rng.text(30)}`.replace(/[^\w=&-]/g, 'x'),
    ])();
    const ws = new WebSocket(`${base.replace('http', 'ws')}/_kinetic/live/websocket?${query}`, {
      headers,
      handshakeTimeout: 10_000,
      perMessageDeflate: rng.chance(0.2),
    });
    stats.connections++;
    const closed = new Promise<void>((resolve) => {
      ws.on('close', (code) => {
        stats.count(stats.closes, code);
        resolve();
      });
      ws.on('unexpected-response', (_request, response) => {
        stats.count(stats.statuses, `ws ${response.statusCode}`);
        if ((response.statusCode ?? 0) >= 500)
          stats.serverErrors.push(`WebSocket upgrade ${query}: HTTP ${response.statusCode}`);
        response.resume();
        resolve();
      });
      ws.on('error', () => resolve());
    });
    ws.on('message', (data, isBinary) => {
      const text = data.toString();
      if (isBinary) stats.noteUnreadable(text, 'binary WebSocket message');
      else stats.read(text, 'WebSocket');
      if (text.startsWith('["s",')) {
        const hello = JSON.parse(text) as [string, string, number, number, number, string];
        last = { sid: hello[1], key: hello[5] };
      }
    });
    const opened = await Promise.race([
      new Promise<boolean>((resolve) => ws.once('open', () => resolve(true))),
      closed.then(() => false),
    ]);
    if (!opened) {
      // Refused (a per-address cap, a bad origin or version): back off a little.
      await sleep(rng.int(1, 20));
      continue;
    }
    const context = new FuzzContext(rng, base, pages);
    const messages = rng.int(10, 400);
    for (let i = 0; i < messages && ws.readyState === ws.OPEN && budget.ws(stats); i++) {
      const message: FuzzMessage =
        i === 0 && rng.chance(0.5) ? goodJoinOf(context) : fuzzMessage(context);
      if ('text' in message) ws.send(message.text);
      else ws.send(message.bytes, { binary: message.asText !== true });
      stats.wsFrames++;
      // Lets the server read and answer, and a close reach us before we send on.
      if (i % 16 === 15) await turn();
      while (ws.bufferedAmount > 1 << 20 && ws.readyState === ws.OPEN) await sleep(1);
    }
    if (ws.readyState === ws.OPEN) {
      if (rng.chance(0.5)) ws.terminate();
      else ws.close(rng.pick([1000, 1001, 4000, 3999]));
    }
    await Promise.race([closed, sleep(2000)]);
    ws.terminate();
  }
}

function goodJoinOf(context: FuzzContext): FuzzMessage {
  const page = context.pages[0];
  if (page === undefined) return fuzzMessage(context);
  context.joined.add(1);
  return {
    kind: 'goodJoin',
    text: JSON.stringify([
      'j',
      context.nextRef(),
      1,
      { k: page.token, c: page.csrf, u: `${context.base}${page.path}`, v: 1 },
    ]),
  };
}

const CONTENT_TYPES = [
  'text/plain;charset=UTF-8',
  'text/plain',
  'application/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'text/plain; charset=utf-16le',
  'text/plain; charset=nope',
  'garbage/;;;=',
  `text/${'x'.repeat(2000)}`,
  'application/json; charset=utf-8; boundary="',
];

interface OwnSession {
  readonly sid: string;
  readonly key: string;
  readonly cookie: string;
  /** The event stream that reads its answers, when it has one. */
  readonly stream: AbortController | undefined;
}

/**
 * POSTs messages into the SSE and long-poll endpoints until the budget is spent: into a
 * session of its own (opened by a long-poll or an event-stream GET), with and without its
 * sid, key and cookie, or into sessions that do not exist, with any content type.
 */
export async function attackOverPost(attacker: Attacker): Promise<void> {
  const { base, rng, stats, budget } = attacker;
  const { cookie, pages } = await attackerPages(base, attacker.ip(0));
  const live = `${base}/_kinetic/live`;
  let own: OwnSession | undefined;
  let context = new FuzzContext(rng, base, pages);
  let sessions = 0;
  try {
    while (budget.post(stats)) {
      if (own === undefined && rng.chance(0.8)) {
        own = await openSession(
          attacker,
          live,
          attacker.ip(++sessions),
          rng.chance(0.8) ? cookie : '',
        );
        context = new FuzzContext(rng, base, pages);
      }
      const message = fuzzMessage(context);
      const roll = rng.next();
      let query = 'vsn=1';
      const headers: Record<string, string> = {
        'x-forwarded-for': attacker.ip(sessions),
        origin: rng.chance(0.97) ? base : 'http://evil.example',
      };
      if (own !== undefined && roll < 0.7) {
        query += `&sid=${own.sid}`;
        if (roll < 0.45) headers['x-kinetic-key'] = own.key;
        else if (roll < 0.55) query += `&key=${own.key}`;
        else if (roll < 0.65) headers['x-kinetic-key'] = `${own.key.slice(1)}A`;
        if (own.cookie && rng.chance(0.95)) headers.cookie = own.cookie;
      } else if (roll < 0.85) {
        query += `&sid=${rng.int(0, 1e9)}`;
        headers['x-kinetic-key'] = String(rng.int(0, 1e9));
      } else if (roll < 0.9) {
        query = rng.pick(['vsn=2&sid=a&sid=b', 'sid=&key=', `sid=${'s'.repeat(100)}`]);
      }
      if (rng.chance(0.9)) headers['content-type'] = rng.pick(CONTENT_TYPES);
      const path = rng.chance(0.95)
        ? rng.pick(['sse', 'poll'])
        : rng.pick(['websocket', 'nope', 'poll/', 'sse?x=1&']);
      const body = bodyOf(message);
      stats.postFrames++;
      const status = await send(stats, message, `${live}/${path}?${query}`, {
        method: 'POST',
        headers,
        body,
      });
      if (status === 404 && own !== undefined && headers['x-kinetic-key'] === own.key) {
        // The session was ended (a flood, an oversized frame, an overflowing outbox).
        own.stream?.abort();
        own = undefined;
      }
      if (own !== undefined && rng.chance(0.03)) {
        // A long-poll with a huge or invalid ack, answered at once (hello=1).
        const ack = rng.pick(['9007199254740991', '1e21', '-1', 'x', '0']);
        await send(stats, message, `${live}/poll?vsn=1&sid=${own.sid}&ack=${ack}&hello=1`, {
          headers: { ...headers, 'x-kinetic-key': own.key, cookie: own.cookie },
        });
      }
    }
  } finally {
    own?.stream?.abort();
  }
}

/** One request; its status (0: no answer), counted, with any 5xx noted in full. */
async function send(
  stats: AttackStats,
  message: FuzzMessage,
  url: string,
  init: RequestInit,
): Promise<number> {
  const method = init.method ?? 'GET';
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    stats.count(stats.statuses, `${method} ${response.status}`);
    if (response.status >= 500) {
      const body = init.body === undefined ? '' : String(init.body).slice(0, 200);
      stats.serverErrors.push(
        `${method} ${url.replace(/key=[^&]*/, 'key=…')} (${message.kind}) ${JSON.stringify(body)} → ${response.status} ${text.slice(0, 300)}`,
      );
    }
    if (method === 'GET' && response.status === 200) {
      for (const m of JSON.parse(text) as unknown[]) stats.read(JSON.stringify(m), 'long-poll');
    }
    return response.status;
  } catch {
    stats.count(stats.networkErrors, `${method} ${message.kind}`);
    return 0;
  }
}

/** A session of the attacker's own: a long-poll hello, or an event stream kept open. */
async function openSession(
  attacker: Attacker,
  live: string,
  ip: string,
  cookie: string,
): Promise<OwnSession | undefined> {
  const headers = { 'x-forwarded-for': ip, origin: attacker.base, ...(cookie ? { cookie } : {}) };
  try {
    if (attacker.rng.chance(0.5)) {
      const response = await fetch(`${live}/poll?vsn=1&hello=1`, {
        headers,
        signal: AbortSignal.timeout(10_000),
      });
      attacker.stats.count(attacker.stats.statuses, `GET ${response.status}`);
      if (response.status !== 200) return undefined;
      const messages = (await response.json()) as unknown[];
      return sessionOf(messages[0], cookie);
    }
    const stream = new AbortController();
    const response = await fetch(`${live}/sse?vsn=1`, { headers, signal: stream.signal });
    attacker.stats.count(attacker.stats.statuses, `GET ${response.status}`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    while (!buffer.includes('\n\n')) {
      const { value, done } = await reader.read();
      if (done) return undefined;
      buffer += decoder.decode(value, { stream: true });
    }
    const end = buffer.indexOf('\n\n');
    const first = buffer.slice(0, end);
    const data = dataOf(first);
    if (first.startsWith('event:') || data === undefined) {
      stream.abort();
      return undefined;
    }
    // Reads the answers to the POSTs in the background, until aborted.
    void drain(reader, decoder, attacker.stats, buffer.slice(end + 2));
    return sessionOf(JSON.parse(data), cookie, stream);
  } catch {
    attacker.stats.count(attacker.stats.networkErrors, 'GET session');
    return undefined;
  }
}

function sessionOf(
  frame: unknown,
  cookie: string,
  stream?: AbortController,
): OwnSession | undefined {
  if (!Array.isArray(frame) || frame[0] !== 's') return undefined;
  return { sid: String(frame[1]), key: String(frame[5]), cookie, stream };
}

/**
 * The data of one event. Lines end at a line feed only (as EventSource reads them), so no
 * regular expression: its `.` and `$` stop at U+2028, which JSON leaves as is.
 */
function dataOf(event: string): string | undefined {
  return event
    .split('\n')
    .find((line) => line.startsWith('data: '))
    ?.slice(6);
}

async function drain(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  decoder: TextDecoder,
  stats: AttackStats,
  rest: string,
): Promise<void> {
  let buffer = rest;
  try {
    for (;;) {
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const event = buffer.slice(0, end);
        const data = dataOf(event);
        if (data !== undefined && !event.startsWith('event:')) stats.read(data, 'event stream');
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
    }
  } catch {
    // Aborted: a new session replaced this one.
  }
}
