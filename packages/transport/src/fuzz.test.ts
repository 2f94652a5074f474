// "No process crashed under a million malformed frames, and that must stay true": a bounded
// version for CI. Attackers fire random and malformed frames over WebSockets and POSTs while
// three honest users click; the honest users see every click once, and the server stays up.
// The million-frame run is `pnpm --filter @kinetic/bench run bench:fuzz`.
import { afterAll, expect, it } from 'vitest';
import {
  AttackStats,
  attackOverPost,
  attackOverWebSocket,
  Budget,
} from '../test/fuzz/attackers.js';
import { HonestClicker } from '../test/fuzz/honest.js';
import { Random, seedFrom } from '../test/fuzz/random.js';
import { type HardenedApp, startHardened } from '../test/hardening-app.js';
import type { TransportName } from '../test/live-client.js';

const FRAMES = Number(process.env.FUZZ_FRAMES ?? 50_000);
const CLICKS = Number(process.env.FUZZ_CLICKS ?? 100);
const SEED = seedFrom(process.env.FUZZ_SEED);
const TRANSPORTS: TransportName[] = ['websocket', 'sse', 'longpoll'];
/** Four attackers over WebSockets and four over POSTs; a POST costs more, so they send 10%. */
const WS_ATTACKERS = 4;
const POST_ATTACKERS = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let started: HardenedApp | undefined;
afterAll(async () => {
  await started?.app.close();
});

it(`${FRAMES} malformed frames over WebSocket and POST: honest clicks all count, the server stays up`, async () => {
  console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} replays the same frames)`);
  const seed = `seed ${SEED}`;
  // Default rate limits: attackers get cut off and come back, as real ones do. A short join
  // timeout and grace period let their sessions go soon after they stop.
  started = await startHardened({ joinTimeoutMs: 500, graceMs: 3000 }, { trustProxy: true });
  const { app, base, logs } = started;
  const rng = new Random(SEED);
  const stats = new AttackStats();
  const budget = new Budget(Math.ceil(FRAMES * 0.9), Math.floor(FRAMES * 0.1));
  // Attacker `w` gets addresses 10.w.x.y, one per connection; the first one keeps a single
  // address, so its reconnects run into the per-address caps.
  const attackers = [
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
  ];
  const startedAt = Date.now();
  const attacking = Promise.all(attackers);

  // The honest users arrive once the attack is under way, and click while it goes on.
  while (stats.frames < FRAMES * 0.05) await sleep(10);
  const honest = await Promise.all(TRANSPORTS.map((t) => HonestClicker.join(base, t)));
  const pause = rng.fork(1000);
  const clicking = Promise.all(
    honest.map(async (user) => {
      for (let i = 0; i < CLICKS; i++) {
        await user.click();
        await sleep(pause.int(0, 5));
      }
    }),
  );
  budget.hold(clicking);
  try {
    await clicking;
    await attacking;
  } finally {
    // A failed click fails the test: the attack stops with it.
    budget.stop();
  }
  const attackMs = Date.now() - startedAt;
  console.table([{ ...stats.summary(), seconds: attackMs / 1000 }]);
  console.log('error codes answered:', Object.fromEntries(stats.codes));
  console.table(honest.map((user) => user.outcome));

  expect(stats.frames, seed).toBeGreaterThanOrEqual(FRAMES);
  // They were cut off and came back, over and over.
  expect(stats.connections, seed).toBeGreaterThan(100);
  for (const user of honest) {
    const { shows, answered, answeredTwice, unanswered } = user.outcome;
    expect(shows, `${seed}: what ${user.transport} shows`).toBe(String(CLICKS));
    expect(user.client.html(1)).toContain(`<b>${CLICKS}</b>`);
    expect({ answered, answeredTwice, unanswered }, seed).toEqual({
      answered: CLICKS + 1,
      answeredTwice: 0,
      unanswered: 0,
    });
  }
  // Whatever came back was a 2xx, a 4xx or a WebSocket close; never a server failure.
  expect(stats.serverErrors, seed).toEqual([]);
  expect(Object.fromEntries(stats.networkErrors), seed).toEqual({});
  expect(stats.codes.get('KN_ERR_INTERNAL') ?? 0, seed).toBe(0);
  expect(logs()).not.toContain('unexpected failure while handling a frame');
  expect(stats.unreadableSamples, seed).toEqual([]);

  // The attackers' sessions go (join timeout, grace period); the honest ones stay.
  const deadline = Date.now() + 15_000;
  while (app.kinetic.sessions.size > honest.length && Date.now() < deadline) await sleep(50);
  expect(app.kinetic.sessions.size, seed).toBe(honest.length);
  console.log(
    `attack ${attackMs} ms, sessions settled ${Date.now() - startedAt - attackMs} ms later`,
  );
  expect(app.server.listening).toBe(true);
  expect((await fetch(`${base}/counter`)).status).toBe(200);
  // The honest sessions still work.
  await Promise.all(honest.map((user) => user.click()));
  for (const user of honest) expect(user.client.html(1)).toContain(`<b>${CLICKS + 1}</b>`);
  for (const user of honest) user.close();
}, 60_000);
