// The live round trip, the HTTP render and memory per view, each beside a baseline
// measured in the same run: a raw ws echo server, a bare Fastify route, idle Fastify
// WebSockets. Figures, not tests: the exit code is 0 whatever they are.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type WebSocket from 'ws';
import { CounterClient, loadCounterPage, openSocket, roundTrip } from './live/clients.js';
import { ms, percentile, table } from './live/stats.js';

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
  const child = fork(fileURLToPath(new URL('./live/server.ts', import.meta.url)), [mode, ...args], {
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
  try {
    const k1 = await kineticPinger(kinetic.base);
    const clickBytes = `["e",1000,1,"inc"]`.length;
    const e1 = await echoPinger(echo.base, clickBytes);
    const seqK = await sequential(k1, SEQUENTIAL);
    const replyBytes = (lastKineticClient?.replyFrameBytes ?? 0) / (SEQUENTIAL + 300);
    const seqE = await sequential(e1, SEQUENTIAL);
    k1.close();
    e1.close();
    const ks = await Promise.all(
      Array.from({ length: CLIENTS }, () => kineticPinger(kinetic.base)),
    );
    const es = await Promise.all(
      Array.from({ length: CLIENTS }, () => echoPinger(echo.base, clickBytes)),
    );
    const conK = await concurrent(ks, SECONDS);
    const conE = await concurrent(es, SECONDS);
    for (const p of [...ks, ...es]) p.close();
    console.log('\nCounter click round trip (real sockets), Kinetic vs a raw ws echo server');
    table([
      {
        case: '1 client p50 ms',
        kinetic: seqK.p50.toFixed(3),
        rawWs: seqE.p50.toFixed(3),
        ratio: (seqK.p50 / seqE.p50).toFixed(2),
        target: '≤ 1.2',
      },
      {
        case: '1 client p99 ms',
        kinetic: seqK.p99.toFixed(3),
        rawWs: seqE.p99.toFixed(3),
        ratio: (seqK.p99 / seqE.p99).toFixed(2),
        target: '',
      },
      {
        case: `${CLIENTS} clients events/s`,
        kinetic: conK.perSecond.toFixed(0),
        rawWs: conE.perSecond.toFixed(0),
        ratio: (conK.perSecond / conE.perSecond).toFixed(2),
        target: '≥ 0.6',
      },
      {
        case: `${CLIENTS} clients p50 ms`,
        kinetic: conK.p50.toFixed(3),
        rawWs: conE.p50.toFixed(3),
        ratio: (conK.p50 / conE.p50).toFixed(2),
        target: '',
      },
      {
        case: `${CLIENTS} clients p99 ms`,
        kinetic: conK.p99.toFixed(3),
        rawWs: conE.p99.toFixed(3),
        ratio: (conK.p99 / conE.p99).toFixed(2),
        target: '',
      },
      {
        case: 'bytes client→server',
        kinetic: clickBytes,
        rawWs: clickBytes,
        ratio: '1.00',
        target: '≤ 30',
      },
      {
        case: 'bytes server→client: reply frame',
        kinetic: replyBytes.toFixed(1),
        rawWs: seqE.bytesIn.toFixed(1),
        ratio: (replyBytes / seqE.bytesIn).toFixed(2),
        target: '≤ 20',
      },
      {
        case: 'bytes server→client: whole message (reply + title)',
        kinetic: seqK.bytesIn.toFixed(1),
        rawWs: seqE.bytesIn.toFixed(1),
        ratio: (seqK.bytesIn / seqE.bytesIn).toFixed(2),
        target: '',
      },
    ]);
  } finally {
    await kinetic.stop();
    await echo.stop();
  }
}

async function httpRender() {
  const kinetic = await startServer('kinetic');
  const page = await loadCounterPage(kinetic.base);
  const bare = await startServer('bare-http', page.html);
  try {
    const run = (url: string) =>
      autocannon({ url, connections: 20, duration: SECONDS, headers: { cookie: page.cookie } });
    await run(`${kinetic.base}/`);
    const k = await run(`${kinetic.base}/`);
    await run(`${bare.base}/`);
    const b = await run(`${bare.base}/`);
    console.log(
      '\nHTTP render of the counter page (autocannon, 20 connections), Kinetic vs a bare Fastify route',
    );
    table([
      {
        case: 'requests/s',
        kinetic: k.requests.average.toFixed(0),
        bareFastify: b.requests.average.toFixed(0),
        ratio: (k.requests.average / b.requests.average).toFixed(2),
        target: '≥ 0.5',
      },
      {
        case: 'latency p50 ms',
        kinetic: k.latency.p50,
        bareFastify: b.latency.p50,
        ratio: '',
        target: '',
      },
      {
        case: 'errors',
        kinetic: k.errors + k.non2xx,
        bareFastify: b.errors + b.non2xx,
        ratio: '',
        target: '0',
      },
    ]);
  } finally {
    await kinetic.stop();
    await bare.stop();
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
    const per = (after: NodeJS.MemoryUsage, before: NodeJS.MemoryUsage, key: 'rss' | 'heapUsed') =>
      (after[key] - before[key]) / CONNECTIONS / 1024;
    const kRss = per(kAfter, kBefore, 'rss');
    const iRss = per(iAfter, iBefore, 'rss');
    const kHeap = per(kAfter, kBefore, 'heapUsed');
    const iHeap = per(iAfter, iBefore, 'heapUsed');
    console.log(
      `\nMemory per connection at ${CONNECTIONS} connections: a joined counter view vs an idle Fastify WebSocket`,
    );
    table([
      {
        case: 'RSS KiB per connection',
        kinetic: kRss.toFixed(2),
        idleWs: iRss.toFixed(2),
        ratio: (kRss / iRss).toFixed(2),
        target: '≤ 1.2',
      },
      {
        case: 'heap KiB per connection',
        kinetic: kHeap.toFixed(2),
        idleWs: iHeap.toFixed(2),
        ratio: (kHeap / iHeap).toFixed(2),
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
