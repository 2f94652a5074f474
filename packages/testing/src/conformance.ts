/**
 * `@kinetic/testing/conformance`: the contracts of pubsub and presence adapters
 * (PubSubAdapter, PresenceAdapter in @kinetic/core/runtime) as checks every adapter must
 * pass: the in-memory ones, @kinetic/redis's, yours. Each check is a name and an async
 * function that throws when the adapter breaks the contract, for any test runner.
 * @example
 * for (const check of pubsubConformance(async () => [myAdapter(), myAdapter()]))
 *   it(check.name, check.run);
 */
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import type { PresenceAdapter, PubSubAdapter } from '@kinetic/core/runtime';

/** One contract check. */
export interface ConformanceCheck {
  readonly name: string;
  run(): Promise<void>;
}

/**
 * Makes fresh nodes for one check: one adapter, or two attached to the same backend (two
 * processes of one app), to check what crosses between them. The check closes them.
 */
export type Nodes<A> = () => Promise<readonly [A] | readonly [A, A]>;

/** Waits until `predicate` holds (deliveries are asynchronous), for at most `ms`. */
async function until(predicate: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Lets deliveries that should not happen have their chance to (they must not). */
const quiet = () => new Promise((resolve) => setTimeout(resolve, 50));

/** A check that runs `body` on fresh nodes and closes them after, whatever happened. */
function checker<A extends { close?(): void | Promise<void> }>(nodes: Nodes<A>) {
  return (name: string, body: (all: readonly A[]) => Promise<void>): ConformanceCheck => ({
    name,
    async run() {
      const all = await nodes();
      try {
        await body(all);
      } finally {
        for (const node of all) await node.close?.();
      }
    },
  });
}

/** A topic of its own for one check, so checks never see each other's messages. */
const topic = () => `conformance:${Math.random().toString(36).slice(2)}`;

/** The checks of a PubSubAdapter. */
export function pubsubConformance(nodes: Nodes<PubSubAdapter>): ConformanceCheck[] {
  const check = checker(nodes);
  return [
    check('a payload published to a topic reaches its subscriber, once', async ([a]) => {
      const t = topic();
      const got: string[] = [];
      await a?.subscribe(t, (p) => got.push(p));
      await a?.publish(t, 'one');
      await until(() => got.length === 1, 'the payload arrived');
      await quiet();
      deepStrictEqual(got, ['one']);
    }),
    check('a payload reaches no other topic', async ([a]) => {
      const t = topic();
      const other = topic();
      const got: string[] = [];
      await a?.subscribe(other, (p) => got.push(p));
      await a?.subscribe(t, () => {});
      await a?.publish(t, 'for t');
      await quiet();
      deepStrictEqual(got, []);
    }),
    check("one publisher's payloads arrive in the order published", async ([a]) => {
      const t = topic();
      const got: string[] = [];
      await a?.subscribe(t, (p) => got.push(p));
      const sent = Array.from({ length: 200 }, (_, i) => String(i));
      for (const p of sent) await a?.publish(t, p);
      await until(() => got.length === sent.length, 'every payload arrived');
      deepStrictEqual(got, sent);
    }),
    check('payloads arrive byte for byte (unicode, quotes, new lines, 100 KB)', async ([a]) => {
      const t = topic();
      const got: string[] = [];
      await a?.subscribe(t, (p) => got.push(p));
      const sent = ['héllo "wörld"\n\t\\ 🚀 \u0000', 'x'.repeat(100_000), ''];
      for (const p of sent) await a?.publish(t, p);
      await until(() => got.length === sent.length, 'every payload arrived');
      deepStrictEqual(got, sent);
    }),
    check('after unsubscribe, nothing more arrives', async ([a]) => {
      const t = topic();
      const got: string[] = [];
      await a?.subscribe(t, (p) => got.push(p));
      await a?.unsubscribe(t);
      await a?.publish(t, 'late');
      await quiet();
      deepStrictEqual(got, []);
    }),
    check('delivery is never inside publish', async ([a]) => {
      const t = topic();
      let inside = false;
      let seenInside: boolean | undefined;
      await a?.subscribe(t, () => {
        seenInside = inside;
      });
      inside = true;
      const published = a?.publish(t, 'p');
      inside = false;
      await published;
      await until(() => seenInside !== undefined, 'the payload arrived');
      strictEqual(seenInside, false);
    }),
    check('a deliverer that throws does not stop the next deliveries', async ([a]) => {
      const t = topic();
      const got: string[] = [];
      await a?.subscribe(t, (p) => {
        got.push(p);
        if (p === 'first') throw new Error('a listener bug');
      });
      await a?.publish(t, 'first');
      await a?.publish(t, 'second');
      await until(() => got.length === 2, 'both payloads arrived');
      deepStrictEqual(got, ['first', 'second']);
    }),
    check('with two nodes, a payload reaches both, once each', async (all) => {
      const [a, b] = all;
      if (b === undefined) return; // A single-process adapter has no second node.
      const t = topic();
      const atA: string[] = [];
      const atB: string[] = [];
      await a?.subscribe(t, (p) => atA.push(p));
      await b.subscribe(t, (p) => atB.push(p));
      await a?.publish(t, 'from a');
      await b.publish(t, 'from b');
      await until(() => atA.length === 2 && atB.length === 2, 'both nodes got both');
      await quiet();
      deepStrictEqual(atA.sort(), ['from a', 'from b']);
      deepStrictEqual(atB.sort(), ['from a', 'from b']);
    }),
    check('after close, publishing delivers nothing', async ([a]) => {
      const t = topic();
      const got: string[] = [];
      await a?.subscribe(t, (p) => got.push(p));
      await a?.close?.();
      await a?.publish(t, 'after close');
      await quiet();
      deepStrictEqual(got, []);
    }),
  ];
}

/** The checks of a PresenceAdapter. */
export function presenceConformance(nodes: Nodes<PresenceAdapter>): ConformanceCheck[] {
  const check = checker(nodes);
  return [
    check('a tracked meta is listed under its key', async ([a]) => {
      const t = topic();
      await a?.track(t, 'ann', { ref: 'r1', status: 'away' });
      deepStrictEqual(await a?.list(t), { ann: { metas: [{ ref: 'r1', status: 'away' }] } });
    }),
    check('two connections of one key are one entry with two metas', async ([a]) => {
      const t = topic();
      await a?.track(t, 'ann', { ref: 'r1' });
      await a?.track(t, 'ann', { ref: 'r2' });
      const list = await a?.list(t);
      deepStrictEqual(Object.keys(list ?? {}), ['ann']);
      deepStrictEqual(list?.ann?.metas.map((m) => m.ref).sort(), ['r1', 'r2']);
    }),
    check('untrack returns the meta it removed; a key with no metas is gone', async ([a]) => {
      const t = topic();
      await a?.track(t, 'ann', { ref: 'r1', n: 1 });
      deepStrictEqual(await a?.untrack(t, 'ann', 'r1'), { ref: 'r1', n: 1 });
      deepStrictEqual(await a?.list(t), {});
      strictEqual(await a?.untrack(t, 'ann', 'r1'), undefined);
    }),
    check('topics are apart', async ([a]) => {
      const t = topic();
      const other = topic();
      await a?.track(t, 'ann', { ref: 'r1' });
      deepStrictEqual(await a?.list(other), {});
    }),
    check("with two nodes, each lists the other's entries", async (all) => {
      const [a, b] = all;
      if (b === undefined) return;
      const t = topic();
      await a?.track(t, 'ann', { ref: 'ra' });
      await b.track(t, 'ann', { ref: 'rb' });
      await b.track(t, 'ben', { ref: 'rc' });
      for (const node of [a, b]) {
        const list = await node?.list(t);
        deepStrictEqual(Object.keys(list ?? {}).sort(), ['ann', 'ben']);
        deepStrictEqual(list?.ann?.metas.map((m) => m.ref).sort(), ['ra', 'rb']);
      }
      await a?.untrack(t, 'ann', 'ra');
      deepStrictEqual(
        (await b.list(t)).ann?.metas.map((m) => m.ref),
        ['rb'],
      );
    }),
  ];
}
