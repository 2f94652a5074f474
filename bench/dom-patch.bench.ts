// What a patch costs the browser: time and DOM mutations to apply (a) a one-cell change in
// a 1,000-row table and (b) a one-row move in a 1,000-row keyed list, against a real
// Kinetic server in Chromium. The baseline, measured in the same page, is the old path:
// re-render the whole view to HTML and morph all of it (window.KineticPatching = 'morph').
// Figures, not tests: the exit code is 0 whatever they are.

import { defineView, each, html } from '@kinetic/core';
import { kinetic } from '@kinetic/transport';
import Fastify from 'fastify';
import { chromium, type Page } from 'playwright-core';
import { percentile } from './live/stats.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const ROWS = 1000;

interface Row {
  id: number;
  label: string;
}
const tableRow = (r: Row) =>
  html`<tr id="r-${r.id}"><td>${r.id}</td><td class="label">${r.label}</td><td><button lv-click="pick" lv-value-id="${r.id}">pick</button></td></tr>`;
const listRow = (r: Row) => html`<li id="i-${r.id}"><span>${r.label}</span></li>`;
const initial = () =>
  Array.from({ length: ROWS }, (_, i): Row => ({ id: i + 1, label: `row ${i + 1}` }));

const Bench = defineView({
  name: 'DomPatchBench',
  mount: () => ({ rows: initial(), items: initial(), n: 0 }),
  events: {
    // One cell: the label of row 500.
    cell: (_payload, socket) => {
      socket.update('n', (n) => n + 1);
      const n = socket.assigns.n;
      socket.update('rows', (rows) =>
        rows.map((r) => (r.id === 500 ? { ...r, label: `edited ${n}` } : r)),
      );
    },
    // One row moves: row 10 goes to position 900, or back.
    move: (_payload, socket) => {
      socket.update('items', (items) => {
        const from = items[9]?.id === 10 ? 9 : 899;
        const to = from === 9 ? 899 : 9;
        const next = items.slice();
        const [row] = next.splice(from, 1);
        next.splice(to, 0, row as Row);
        return next;
      });
    },
  },
  render: ({ rows, items }) => html`<button id="cell" lv-click="cell">cell</button>
<button id="move" lv-click="move">move</button>
<table><tbody id="table">${each(rows, (r) => r.id, tableRow)}</tbody></table>
<ul id="list">${each(items, (r) => r.id, listRow)}</ul>`,
});

/** Wraps the socket's message handler: each frame's apply time, layout included. */
const TIMING = `(() => {
  window.__frames = [];
  const own = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
  Object.defineProperty(WebSocket.prototype, 'onmessage', {
    get() { return own.get.call(this); },
    set(handler) {
      own.set.call(this, (event) => {
        const start = performance.now();
        handler(event);
        const applied = performance.now();
        document.body.getBoundingClientRect();
        window.__frames.push([applied - start, performance.now() - start]);
      });
    },
  });
})();`;

interface Sample {
  /** The client's work on the frames: decode, tree patch, DOM patch. */
  script: number;
  /** The same, plus the style and layout the change forces. */
  total: number;
  mutations: number;
}

/** Clicks `button` and waits until the region shows the change; returns its cost. */
async function measure(page: Page, button: string, region: string): Promise<Sample> {
  await page.evaluate((id) => {
    const w = window as unknown as { __frames: number[][]; __records: number };
    w.__frames = [];
    w.__records = 0;
    const observer = new MutationObserver((list) => {
      w.__records += list.length;
    });
    observer.observe(document.getElementById(id) as Element, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
    (window as unknown as { __observer: MutationObserver }).__observer = observer;
  }, region);
  const before = await page.$eval(`#${region}`, (el) => el.textContent);
  await page.click(`#${button}`);
  await page.waitForFunction(
    ([id, text]) => document.getElementById(id as string)?.textContent !== text,
    [region, before],
  );
  // The reply's loading classes clear in the same frame; wait for it to be counted.
  await page.waitForFunction(() => !document.querySelector('.lv-click-loading'));
  return page.evaluate(() => {
    const w = window as unknown as {
      __frames: Array<[number, number]>;
      __records: number;
      __observer: MutationObserver;
    };
    w.__records += w.__observer.takeRecords().length;
    w.__observer.disconnect();
    // No named helpers in here: the page does not have the bundler's __name.
    let script = 0;
    let total = 0;
    for (const frame of w.__frames) {
      script += frame[0];
      total += frame[1];
    }
    return { script, total, mutations: w.__records };
  });
}

async function run(page: Page, mode: 'morph' | 'in place', button: string, region: string) {
  await page.evaluate((m) => {
    const w = window as unknown as { KineticPatching?: string };
    if (m === 'morph') w.KineticPatching = 'morph';
    else delete w.KineticPatching;
  }, mode);
  const samples: Sample[] = [];
  // Two warm-up rounds let the JIT settle and map the DOM after the first morph.
  for (let i = 0; i < ROUNDS + 2; i++) {
    const sample = await measure(page, button, region);
    if (i >= 2) samples.push(sample);
  }
  const median = (key: keyof Sample) =>
    percentile(
      samples.map((s) => s[key]),
      50,
    );
  return { script: median('script'), total: median('total'), mutations: median('mutations') };
}

const app = Fastify();
await app.register(kinetic, {
  secret: 'bench-secret-0123456789-0123456789-0123',
  framesPerSecond: 1e9,
  frameBurst: 1e9,
});
app.live('/', Bench);
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
try {
  const page = await browser.newPage();
  await page.addInitScript(TIMING);
  await page.goto(base);
  await page.waitForSelector('[data-live-view].lv-connected');
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  const rows: Array<Record<string, string>> = [];
  for (const [name, button, region] of [
    ['one cell of a 1,000-row table', 'cell', 'table'],
    ['one row moved in a 1,000-row keyed list', 'move', 'list'],
  ] as const) {
    const before = await run(page, 'morph', button, region);
    const after = await run(page, 'in place', button, region);
    const line = (path: string, r: typeof before) => ({
      change: name,
      path,
      script: ms(r.script),
      'script + layout': ms(r.total),
      mutations: String(r.mutations),
    });
    const ratio = (a: number, b: number) => `${(a / Math.max(b, 0.1)).toFixed(1)}x`;
    rows.push(line('before: whole view morphed', before), line('after: patched in place', after), {
      change: name,
      path: 'ratio before/after',
      script: ratio(before.script, after.script),
      'script + layout': ratio(before.total, after.total),
      mutations: ratio(before.mutations, Math.max(after.mutations, 1)),
    });
  }
  console.log(`\nApplying a patch in Chromium: medians of ${ROUNDS} rounds each\n`);
  console.table(rows);
} finally {
  await browser.close();
  await app.close();
}
