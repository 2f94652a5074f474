// The live round trip, the HTTP render and memory per view, each beside a baseline
// measured in the same run (a raw ws echo server, a bare Fastify route, idle Fastify
// WebSockets) and beside the peer, LiveViewJS 0.8.1 serving the same counter.
// Figures, not tests: the exit code is 0 whatever they are.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
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
/** Repetitions of the round-trip figures, printed as median (min–max). */
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 3));

/**
 * On a machine of two or more cores with taskset (util-linux), the load generator (this
 * process) runs on core 0 and every server on core 1, so neither steals the other's time.
 * BENCH_PIN=0 turns it off.
 */
const PINNED =
  process.env.BENCH_PIN !== '0' &&
  availableParallelism() >= 2 &&
  spawnSync('taskset', ['-a', '-c', '-p', '0', String(process.pid)]).status === 0;

interface Server {
  readonly child: ChildProcess;
  readonly base: string;
  memory(): Promise<NodeJS.MemoryUsage>;
  stop(): Promise<void>;
}

async function startServer(mode: string, ...args: string[]): Promise<Server> {
  const file = mode === 'liveviewjs' ? './peers/liveviewjs-server.ts' : './live/server.ts';
  return startServerAt(fileURLToPath(new URL(file, import.meta.url)), mode, ...args);
}

/** A server from a file of this checkout, or of another one (BENCH_BASELINE). */
async function startServerAt(file: string, mode: string, ...args: string[]): Promise<Server> {
  const node = ['--import', 'tsx', '--expose-gc', file, mode, ...args];
  // taskset execs node in its own place: the IPC channel reaches node.
  const [command, argv] = PINNED
    ? ['taskset', ['-c', '1', process.execPath, ...node]]
    : [process.execPath, node];
  // tsx is resolved from the server's own checkout.
  const child = spawn(command, argv, {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    cwd: dirname(dirname(file)),
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

/** One figure over the repetitions: each side's samples, shown as median (min–max). */
interface Figure {
  readonly label: string;
  readonly digits: number;
  readonly target: string;
  readonly kinetic: number[];
  readonly rawWs: number[];
  readonly liveviewjs: number[];
}

const median = (values: readonly number[]) => percentile(values, 50);
const spread = (values: readonly number[], digits: number) =>
  values.length < 2
    ? median(values).toFixed(digits)
    : `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

async function roundTrips() {
  const kinetic = await startServer('kinetic');
  const echo = await startServer('echo');
  const peer = await startServer('liveviewjs');
  const figures = new Map<string, Figure>();
  const add = (label: string, digits: number, target: string, k: number, e: number, p: number) => {
    const figure = figures.get(label) ?? {
      label,
      digits,
      target,
      kinetic: [],
      rawWs: [],
      liveviewjs: [],
    };
    figure.kinetic.push(k);
    figure.rawWs.push(e);
    figure.liveviewjs.push(p);
    figures.set(label, figure);
  };
  try {
    for (let rep = 0; rep < REPS; rep++) {
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
      add('1 client p50 ms', 3, '≤ 1.2', seqK.p50, seqE.p50, seqP.p50);
      add('1 client p99 ms', 3, '≤ 1.5', seqK.p99, seqE.p99, seqP.p99);
      add(
        `${CLIENTS} clients events/s`,
        0,
        '≥ 0.6',
        conK.perSecond,
        conE.perSecond,
        conP.perSecond,
      );
      add(`${CLIENTS} clients p50 ms`, 3, '', conK.p50, conE.p50, conP.p50);
      add(`${CLIENTS} clients p99 ms`, 3, '', conK.p99, conE.p99, conP.p99);
      add('bytes client→server', 0, '≤ 30', clickBytes, clickBytes, peerClickBytes);
      add('bytes server→client: reply frame', 1, '≤ 20', replyBytes, seqE.bytesIn, peerReplyBytes);
      add(
        'bytes server→client: whole message (reply + title)',
        1,
        '',
        seqK.bytesIn,
        seqE.bytesIn,
        seqP.bytesIn,
      );
    }
    console.log(
      `\nCounter click round trip (real sockets): Kinetic, a raw ws echo server, LiveViewJS; median (min–max) of ${REPS}${PINNED ? ', server and load pinned to separate cores' : ', unpinned'}`,
    );
    table(
      [...figures.values()].map((f) => ({
        case: f.label,
        kinetic: spread(f.kinetic, f.digits),
        rawWs: spread(f.rawWs, f.digits),
        ratio: (median(f.kinetic) / median(f.rawWs)).toFixed(2),
        liveviewjs: spread(f.liveviewjs, f.digits),
        'vs LiveViewJS': (median(f.kinetic) / median(f.liveviewjs)).toFixed(2),
        target: f.target,
      })),
    );
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

/**
 * What plugins cost: the click round trip and the HTTP render with no plugin (twice: the
 * second is the noise between two identical servers), with a no-op handler on every hook
 * point, and with the observability plugins. Repetitions interleave the servers, so drift
 * on a shared machine falls on all of them alike.
 */
async function pluginCost() {
  const cases: Array<readonly [string, string]> = [
    ['none', 'no plugin'],
    ['none', 'no plugin again (noise)'],
    ['noop', 'a no-op handler on every hook point'],
    ['observability', 'metrics, tracing (no SDK), health, audit'],
  ];
  // Another checkout (built: `pnpm install && pnpm build` there), e.g. the last release, to
  // see what this one costs with no plugin against it.
  const baseline = process.env.BENCH_BASELINE;
  if (baseline !== undefined) cases.push(['baseline', `no plugin, ${baseline}`]);
  const servers = [];
  for (const [plugins] of cases) {
    servers.push(
      plugins === 'baseline' && baseline !== undefined
        ? await startServerAt(join(baseline, 'bench/live/server.ts'), 'kinetic')
        : await startServer('kinetic', plugins),
    );
  }
  const clicks = cases.map(() => [] as number[]);
  const renders = cases.map(() => [] as number[]);
  try {
    for (let rep = 0; rep < REPS; rep++) {
      for (const [i, server] of servers.entries()) {
        const pinger = await kineticPinger(server.base);
        clicks[i]?.push((await sequential(pinger, SEQUENTIAL)).p50);
        pinger.close();
        const page = await loadCounterPage(server.base);
        const run = () =>
          autocannon({
            url: `${server.base}/`,
            connections: 20,
            duration: SECONDS,
            headers: { cookie: page.cookie, accept: 'text/html' },
          });
        await run();
        renders[i]?.push((await run()).requests.average);
      }
    }
    console.log(
      `
What plugins cost: counter click p50 and HTTP render, median (min–max) of ${REPS}; ratios against the first server`,
    );
    const clickBase = median(clicks[0] ?? []);
    const renderBase = median(renders[0] ?? []);
    table(
      cases.map(([, label], i) => ({
        case: label,
        'click p50 ms': spread(clicks[i] ?? [], 3),
        'click ratio': (median(clicks[i] ?? []) / clickBase).toFixed(2),
        'render req/s': spread(renders[i] ?? [], 0),
        'render ratio': (median(renders[i] ?? []) / renderBase).toFixed(2),
      })),
    );
  } finally {
    for (const server of servers) await server.stop();
  }
}

const only = process.argv[2];
if (!only || only === 'roundtrip') await roundTrips();
if (!only || only === 'http') await httpRender();
if (!only || only === 'memory') await memoryPerView();
if (!only || only === 'plugins') await pluginCost();
