// What a million malformed frames, and clients that never read, cost a Kinetic server. The
// server runs in a child process (its memory read over IPC, a crash seen as an exit) beside
// an idle one as the baseline; honest users click throughout the flood and must see every
// click counted once. Figures, not tests: the exit code is 0 whatever they are.
// The bounded version that runs in CI is packages/transport/src/fuzz.test.ts.

import {
  AttackStats,
  attackOverPost,
  attackOverWebSocket,
  Budget,
} from '../packages/transport/test/fuzz/attackers.js';
import { HonestClicker } from '../packages/transport/test/fuzz/honest.js';
import { Random, seedFrom } from '../packages/transport/test/fuzz/random.js';
import { loadPage } from '../packages/transport/test/live-client.js';
import { FuzzServer, mb, RssSampler } from './fuzz/child.js';
import { NeverReader } from './fuzz/never-reading.js';
import { table } from './live/stats.js';

const FRAMES = Number(process.env.BENCH_FUZZ_FRAMES ?? 1_000_000);
/** Each scenario stops by this many seconds, whatever it sent. */
const SECONDS = Number(process.env.BENCH_FUZZ_SECONDS ?? 120);
const SEED = seedFrom(process.env.FUZZ_SEED);
const WS_ATTACKERS = 6;
const POST_ATTACKERS = 4;
/** Honest users click at most this often: the default rate limit is 50 frames a second. */
const CLICK_EVERY_MS = 25;
/** Never-reading clients send at this rate, under the default limit of 50 a second. */
const ALLOWED_PER_SECOND = 45;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function settle(server: FuzzServer, sessions: number, ms: number): Promise<number> {
  const deadline = Date.now() + ms;
  let left = (await server.stats()).sessions;
  while (left > sessions && Date.now() < deadline && server.alive) {
    await sleep(100);
    left = (await server.stats()).sessions;
  }
  return left;
}

async function flood(idle: FuzzServer): Promise<void> {
  const server = await FuzzServer.start({ joinTimeoutMs: 500, graceMs: 3000 });
  const before = await server.memoryAfterGc();
  const idleBefore = await idle.memoryAfterGc();
  const sampler = new RssSampler([server, idle]);
  const rng = new Random(SEED);
  const stats = new AttackStats();
  // POSTs cost far more per frame than WebSocket messages; they get a twentieth.
  const budget = new Budget(Math.ceil(FRAMES * 0.95), Math.floor(FRAMES * 0.05));
  const started = Date.now();
  const timeLimit = setTimeout(() => budget.stop(), SECONDS * 1000);
  // A crashed server gets no more frames: the figures say it crashed.
  const crashWatch = setInterval(() => {
    if (!server.alive) budget.stop();
  }, 100);
  const base = server.base;
  const attack = Promise.all([
    ...Array.from({ length: WS_ATTACKERS }, (_, w) =>
      attackOverWebSocket({
        base,
        rng: rng.fork(w),
        stats,
        budget,
        ip: (n) => (w === 0 ? '10.0.0.1' : `10.${w}.${(n >> 8) & 255}.${n & 255}`),
      }),
    ),
    ...Array.from({ length: POST_ATTACKERS }, (_, p) =>
      attackOverPost({
        base,
        rng: rng.fork(100 + p),
        stats,
        budget,
        ip: (n) => `10.${100 + p}.${(n >> 8) & 255}.${n & 255}`,
      }),
    ),
  ]);
  let attacking = true;
  void attack.finally(() => {
    attacking = false;
  });
  const lost: string[] = [];
  const honest = await Promise.all(
    (['websocket', 'sse', 'longpoll'] as const).map((t) => HonestClicker.join(base, t)),
  );
  await Promise.all(
    honest.map(async (user) => {
      while (attacking && server.alive) {
        const at = Date.now();
        try {
          await user.click();
        } catch (error) {
          lost.push(String(error));
          return;
        }
        await sleep(Math.max(0, CLICK_EVERY_MS - (Date.now() - at)));
      }
    }),
  );
  await attack;
  clearTimeout(timeLimit);
  clearInterval(crashWatch);
  const seconds = (Date.now() - started) / 1000;
  const sessionsLeft = server.alive ? await settle(server, honest.length, 15_000) : -1;
  const [peak = 0, idlePeak = 0] = await sampler.stop();
  const alive = server.alive && (await server.answers());
  const after = alive ? await server.memoryAfterGc() : undefined;
  const idleAfter = await idle.memoryAfterGc();
  const serverStats = alive ? await server.stats() : undefined;
  const exit = server.exit;
  const outcomes = honest.map((user) => user.outcome);
  for (const user of honest) user.close();
  await server.stop();

  console.log(
    `\nA flood of malformed frames over WebSocket and POST from ${WS_ATTACKERS + POST_ATTACKERS} attackers, three honest users clicking (seed ${SEED}; FUZZ_SEED replays it)`,
  );
  const row = (what: string, kinetic: string | number, idleServer: string | number = '') => ({
    case: what,
    kinetic,
    idleServer,
  });
  table([
    row('frames sent', stats.frames),
    row('  over WebSocket / POST', `${stats.wsFrames} / ${stats.postFrames}`),
    row('  WebSocket connections opened', stats.connections),
    row('frames/s', (stats.frames / seconds).toFixed(0)),
    row('seconds', seconds.toFixed(1)),
    row('server crashes', alive ? 0 : 1),
    row('5xx answers', stats.serverErrors.length),
    row(
      'requests with no answer',
      [...stats.networkErrors.values()].reduce((a, b) => a + b, 0),
    ),
    row('KN_ERR_INTERNAL answers', stats.codes.get('KN_ERR_INTERNAL') ?? 0),
    row('honest clicks ws / sse / longpoll', outcomes.map((o) => o.clicks).join(' / ')),
    row('honest counts exact', outcomes.every((o) => o.exact) ? 'yes' : 'NO'),
    row(
      'honest requests answered once',
      outcomes.every((o) => o.answeredTwice === 0 && o.unanswered === 0) ? 'yes' : 'NO',
    ),
    row('RSS before (after gc) MB', mb(before.rss), mb(idleBefore.rss)),
    row('RSS peak MB (every 100 ms)', mb(peak), mb(idlePeak)),
    row('RSS after (after gc) MB', after ? mb(after.rss) : '-', mb(idleAfter.rss)),
    row('heap used after (after gc) MB', after ? mb(after.heapUsed) : '-', mb(idleAfter.heapUsed)),
    row('sessions left (3 honest)', sessionsLeft),
    row('error-level log lines', serverStats?.errors ?? '-'),
  ]);
  console.log('HTTP statuses:', stats.summary().statuses);
  console.log('WebSocket close codes:', stats.summary().closes);
  console.log('error codes answered:', JSON.stringify(Object.fromEntries(stats.codes)));
  if (serverStats) console.log('error-level log lines by message:', serverStats.errorMessages);
  for (const line of [...lost, ...stats.serverErrors.slice(0, 20), ...stats.unreadableSamples])
    console.log(`  ! ${line}`);
  if (exit !== undefined) console.log(`  ! the server exited: ${JSON.stringify(exit)}`);
}

interface NeverReadingResult {
  readonly case: string;
  readonly framesSent: number;
  readonly cutOff: string;
  readonly closeCode: string;
  readonly rssBeforeMB: string;
  readonly rssPeakMB: string;
  readonly rssGrowthMB: string;
  readonly rssAfterMB: string;
  readonly idlePeakMB: string;
}

/** One client that never reads, against a fresh server; when (whether) it is cut off. */
async function neverReading(
  idle: FuzzServer,
  name: string,
  drive: (base: string) => Promise<{ reader: NeverReader; frame: (ref: number) => string }>,
): Promise<NeverReadingResult> {
  const server = await FuzzServer.start();
  const before = await server.memoryAfterGc();
  const sampler = new RssSampler([server, idle]);
  const { reader, frame } = await drive(server.base);
  reader.stopReading();
  const started = Date.now();
  let cutAfter: number | undefined;
  const watch = setInterval(() => {
    void server.stats().then(
      ({ connections }) => {
        if (connections === 0) cutAfter ??= Date.now() - started;
      },
      () => {},
    );
  }, 100);
  await reader.flood(frame, ALLOWED_PER_SECOND, () => cutAfter !== undefined, SECONDS * 1000);
  // A moment more, to see whether memory keeps growing once the client is cut off.
  await sleep(2000);
  clearInterval(watch);
  const code = await reader.resume(3000);
  const [peak = 0, idlePeak = 0] = await sampler.stop();
  const after = server.alive ? await server.memoryAfterGc() : undefined;
  await server.stop();
  return {
    case: name,
    framesSent: reader.sent,
    cutOff: cutAfter === undefined ? 'no' : `after ${(cutAfter / 1000).toFixed(1)} s`,
    closeCode: code === undefined ? '-' : String(code),
    rssBeforeMB: mb(before.rss),
    rssPeakMB: mb(peak),
    rssGrowthMB: mb(peak - before.rss),
    rssAfterMB: after ? mb(after.rss) : 'crashed',
    idlePeakMB: mb(idlePeak),
  };
}

/** A never-reading client that joined `path` first (a session nobody joins is closed soon). */
async function joined(base: string, path: string): Promise<NeverReader> {
  const page = await loadPage(base, path);
  const reader = await NeverReader.open(base, page.cookie);
  const join = ['j', 1, 1, { k: page.token, c: page.csrf, u: `${base}${path}`, v: 1 }];
  const reply = await reader.request(JSON.stringify(join));
  if (!reply.startsWith('["r",1,')) throw new Error(`the join of ${path} failed: ${reply}`);
  return reader;
}

const heartbeats = async (base: string) => ({
  reader: await joined(base, '/counter'),
  frame: (ref: number) => `["h",${ref}]`,
});

const growing = async (base: string) => ({
  reader: await joined(base, '/big'),
  frame: (ref: number) => `["e",${ref},1,"grow",{"size":50000}]`,
});

const idle = await FuzzServer.start();
try {
  await flood(idle);
  const results = [
    await neverReading(idle, `heartbeats at ${ALLOWED_PER_SECOND}/s, never reads`, heartbeats),
    await neverReading(idle, `/big grow 50 kB at ${ALLOWED_PER_SECOND}/s, never reads`, growing),
  ];
  console.log(
    '\nClients that never read (TCP socket paused), each against a fresh server, default limits',
  );
  table(results as unknown as Record<string, string | number>[]);
} finally {
  await idle.stop();
}
