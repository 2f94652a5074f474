// The live round trip, the HTTP render and memory per view, each beside a baseline
// measured in the same run (a raw ws echo server, a bare Fastify route, idle Fastify
// WebSockets) and beside the peer, LiveViewJS 0.8.1 serving the same counter.
// Figures, not tests: the exit code is 0 whatever they are.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type WebSocket from 'ws';
import { CounterClient, loadCounterPage, openSocket, roundTrip } from './live/clients.js';
import { ms, percentile, table } from './live/stats.js';
import { loadPhoenixPage, PhoenixClient } from './peers/phoenix-client.js';

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 3000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10_000);

interface Server {
  readonly child: ChildProcess;
  readonly base: string;
  memory(): Promise<NodeJS.MemoryUsage>;
  stop(): Promise<void>;
}

async function startServer(mode: string, ...args: string[]): Promise<Server> {
  const file = mode === 'liveviewjs' ? './peers/liveviewjs-server.ts' : './live/server.ts';
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), [mode, ...args], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    memory: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve((m as { memory: NodeJS.MemoryUsage }).memory));
        child.send('memory');
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

/** A client of either server: `send` resolves when the answer to one message is back. */
interface Pinger {
  send(): Promise<string>;
  close(): void;
}

let lastKineticClient: CounterClient | undefined;

async function kineticPinger(base: string): Promise<Pinger> {
  const page = await loadCounterPage(base);
  const client = await CounterClient.join(base, page);
  lastKineticClient = client;
  return { send: () => client.click(), close: () => client.ws.close() };
}

let lastPeerClient: PhoenixClient | undefined;

async function peerPinger(base: string): Promise<Pinger> {
  const client = await PhoenixClient.join(base, await loadPhoenixPage(base));
  lastPeerClient = client;
  return { send: () => client.click(), close: () => client.ws.close() };
}

async function echoPinger(base: string, size: number): Promise<Pinger> {
  const ws = await openSocket(base.replace('http', 'ws'));
  const text = `["e",1,1,"${'x'.repeat(Math.max(1, size - 12))}"]`;
  return { send: () => roundTrip(ws, text), close: () => ws.close() };
}

async function sequential(pinger: Pinger, count: number) {
  for (let i = 0; i < 300; i++) await pinger.send();
  const samples: number[] = [];
  let bytesIn = 0;
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    const reply = await pinger.send();
    samples.push(ms(process.hrtime.bigint() - start));
    bytesIn += reply.length;
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), bytesIn: bytesIn / count };
}

async function concurrent(pingers: Pinger[], seconds: number) {
  const samples: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    pingers.map(async (pinger) => {
      while (Date.now() < deadline) {
        const start = process.hrtime.bigint();
        await pinger.send();
        samples.push(ms(process.hrtime.bigint() - start));
      }
    }),
  );
  return {
    perSecond: samples.length / seconds,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
  };
}

async function roundTrips() {
  const kinetic = await startServer('kinetic');
  const echo = await startServer('echo');
  const peer = await startServer('liveviewjs');
  try {
    const k1 = await kineticPinger(kinetic.base);
    const clickBytes = `["e",1000,1,"inc"]`.length;
    const e1 = await echoPinger(echo.base, clickBytes);
    const p1 = await peerPinger(peer.base);
    const seqK = await sequential(k1, SEQUENTIAL);
    const replyBytes = (lastKineticClient?.replyFrameBytes ?? 0) / (SEQUENTIAL + 300);
    const seqE = await sequential(e1, SEQUENTIAL);
    const seqP = await sequential(p1, SEQUENTIAL);
    const peerClickBytes = (lastPeerClient?.bytesSent ?? 0) / (SEQUENTIAL + 300);
    const peerReplyBytes = (lastPeerClient?.replyFrameBytes ?? 0) / (SEQUENTIAL + 300);
    for (const p of [k1, e1, p1]) p.close();
    const many = (pinger: () => Promise<Pinger>) =>
      Promise.all(Array.from({ length: CLIENTS }, pinger));
    const ks = await many(() => kineticPinger(kinetic.base));
    const es = await many(() => echoPinger(echo.base, clickBytes));
    const ps = await many(() => peerPinger(peer.base));
    const conK = await concurrent(ks, SECONDS);
    const conE = await concurrent(es, SECONDS);
    const conP = await concurrent(ps, SECONDS);
    for (const p of [...ks, ...es, ...ps]) p.close();
    console.log(
      '\nCounter click round trip (real sockets): Kinetic, a raw ws echo server, LiveViewJS',
    );
    const row = (
      label: string,
      k: number,
      e: number,
      p: number,
      digits: number,
      target: string,
    ) => ({
      case: label,
      kinetic: k.toFixed(digits),
      rawWs: e.toFixed(digits),
      ratio: (k / e).toFixed(2),
      liveviewjs: p.toFixed(digits),
      'vs LiveViewJS': (k / p).toFixed(2),
      target,
    });
    table([
      row('1 client p50 ms', seqK.p50, seqE.p50, seqP.p50, 3, '≤ 1.2'),
      row('1 client p99 ms', seqK.p99, seqE.p99, seqP.p99, 3, ''),
      row(
        `${CLIENTS} clients events/s`,
        conK.perSecond,
        conE.perSecond,
        conP.perSecond,
        0,
        '≥ 0.6',
      ),
      row(`${CLIENTS} clients p50 ms`, conK.p50, conE.p50, conP.p50, 3, ''),
      row(`${CLIENTS} clients p99 ms`, conK.p99, conE.p99, conP.p99, 3, ''),
      row('bytes client→server', clickBytes, clickBytes, peerClickBytes, 0, '≤ 30'),
      row('bytes server→client: reply frame', replyBytes, seqE.bytesIn, peerReplyBytes, 1, '≤ 20'),
      row(
        'bytes server→client: whole message (reply + title)',
        seqK.bytesIn,
        seqE.bytesIn,
        seqP.bytesIn,
        1,
        '',
      ),
    ]);
  } finally {
    await kinetic.stop();
    await echo.stop();
    await peer.stop();
  }
}

async function httpRender() {
  const kinetic = await startServer('kinetic');
  const page = await loadCounterPage(kinetic.base);
  const bare = await startServer('bare-http', page.html);
  const peer = await startServer('liveviewjs');
  const peerPage = await loadPhoenixPage(peer.base);
  try {
    const run = (url: string, cookie: string) =>
      autocannon({
        url,
        connections: 20,
        duration: SECONDS,
        headers: { cookie, accept: 'text/html' },
      });
    await run(`${kinetic.base}/`, page.cookie);
    const k = await run(`${kinetic.base}/`, page.cookie);
    await run(`${bare.base}/`, page.cookie);
    const b = await run(`${bare.base}/`, page.cookie);
    await run(`${peer.base}/`, peerPage.cookie);
    const p = await run(`${peer.base}/`, peerPage.cookie);
    console.log(
      '\nHTTP render of the counter page (autocannon, 20 connections): Kinetic, a bare Fastify route, LiveViewJS',
    );
    table([
      {
        case: 'requests/s',
        kinetic: k.requests.average.toFixed(0),
        bareFastify: b.requests.average.toFixed(0),
        ratio: (k.requests.average / b.requests.average).toFixed(2),
        liveviewjs: p.requests.average.toFixed(0),
        'vs LiveViewJS': (k.requests.average / p.requests.average).toFixed(2),
        target: '≥ 0.5',
      },
      {
        case: 'latency p50 ms',
        kinetic: k.latency.p50,
        bareFastify: b.latency.p50,
        ratio: '',
        liveviewjs: p.latency.p50,
        'vs LiveViewJS': '',
        target: '',
      },
      {
        case: 'errors',
        kinetic: k.errors + k.non2xx,
        bareFastify: b.errors + b.non2xx,
        ratio: '',
        liveviewjs: p.errors + p.non2xx,
        'vs LiveViewJS': '',
        target: '0',
      },
    ]);
  } finally {
    await kinetic.stop();
    await bare.stop();
    await peer.stop();
  }
}

async function connectAll(count: number, open: () => Promise<WebSocket>): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += 200) {
    const batch = await Promise.all(Array.from({ length: Math.min(200, count - i) }, open));
    sockets.push(...batch);
  }
  return sockets;
}

async function memoryPerView() {
  const kinetic = await startServer('kinetic');
  const idle = await startServer('idle-ws');
  try {
    const page = await loadCounterPage(kinetic.base);
    const kBefore = await kinetic.memory();
    const views = await connectAll(
      CONNECTIONS,
      async () => (await CounterClient.join(kinetic.base, page)).ws,
    );
    const kAfter = await kinetic.memory();
    for (const ws of views) ws.terminate();
    const iBefore = await idle.memory();
    const sockets = await connectAll(CONNECTIONS, () =>
      openSocket(`${idle.base.replace('http', 'ws')}/ws`),
    );
    const iAfter = await idle.memory();
    for (const ws of sockets) ws.terminate();
    const peer = await startServer('liveviewjs');
    const peerPage = await loadPhoenixPage(peer.base);
    const pBefore = await peer.memory();
    const peerViews = await connectAll(
      CONNECTIONS,
      async () => (await PhoenixClient.join(peer.base, peerPage)).ws,
    );
    const pAfter = await peer.memory();
    for (const ws of peerViews) ws.terminate();
    await peer.stop();
    const per = (after: NodeJS.MemoryUsage, before: NodeJS.MemoryUsage, key: 'rss' | 'heapUsed') =>
      (after[key] - before[key]) / CONNECTIONS / 1024;
    const kRss = per(kAfter, kBefore, 'rss');
    const iRss = per(iAfter, iBefore, 'rss');
    const kHeap = per(kAfter, kBefore, 'heapUsed');
    const iHeap = per(iAfter, iBefore, 'heapUsed');
    const pRss = per(pAfter, pBefore, 'rss');
    const pHeap = per(pAfter, pBefore, 'heapUsed');
    console.log(
      `\nMemory per connection at ${CONNECTIONS} connections: a joined counter view, an idle Fastify WebSocket, a LiveViewJS counter view`,
    );
    table([
      {
        case: 'RSS KiB per connection',
        kinetic: kRss.toFixed(2),
        idleWs: iRss.toFixed(2),
        ratio: (kRss / iRss).toFixed(2),
        liveviewjs: pRss.toFixed(2),
        'vs LiveViewJS': (kRss / pRss).toFixed(2),
        target: '≤ 1.2',
      },
      {
        case: 'heap KiB per connection',
        kinetic: kHeap.toFixed(2),
        idleWs: iHeap.toFixed(2),
        ratio: (kHeap / iHeap).toFixed(2),
        liveviewjs: pHeap.toFixed(2),
        'vs LiveViewJS': (kHeap / pHeap).toFixed(2),
        target: '',
      },
    ]);
  } finally {
    await kinetic.stop();
    await idle.stop();
  }
}

const only = process.argv[2];
if (!only || only === 'roundtrip') await roundTrips();
if (!only || only === 'http') await httpRender();
if (!only || only === 'memory') await memoryPerView();
