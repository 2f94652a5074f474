/**
 * What a change costs with @kinetic/diff, next to re-rendering the whole page as a string.
 * For each case: render+diff time per operation (median over many samples after warm-up) and
 * the bytes of the patch on the wire, against a plain template-literal string builder that
 * produces the same HTML. Prints figures and PASS/MISS per target; always exits 0.
 */
import { performance } from 'node:perf_hooks';
import {
  type Dyn,
  diff,
  each,
  encodePatch,
  encodeTree,
  html,
  type Patch,
  type RenderedNode,
  renderToString,
} from '@kinetic/diff';

// ---- The baseline: whole HTML as a string, escaped like the engine escapes text.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeText = (value: string | number): string => {
  const text = String(value);
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] as string) : text;
};

// ---- Timing.

interface Timing {
  /** Median time of one operation, in nanoseconds. */
  readonly median: number;
}

/** Runs `op` in batches long enough to time reliably; the median batch gives time per op. */
function measure(op: () => void): Timing {
  const warmUntil = performance.now() + 300;
  let batch = 1;
  while (performance.now() < warmUntil) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) op();
    if (performance.now() - start < 1) batch *= 2;
  }
  const samples: number[] = [];
  for (let s = 0; s < 60; s++) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) op();
    samples.push(((performance.now() - start) * 1e6) / batch);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[samples.length >> 1] as number };
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** The patch as it travels once the receiver holds every statics of `prev`. */
function patchBytes(prev: Dyn, patch: Patch): number {
  if (patch === null) return 0;
  const sent = new Set<string>();
  encodeTree(prev, sent);
  return bytes(JSON.stringify(encodePatch(patch, sent).p));
}

interface Result {
  readonly name: string;
  readonly kinetic: Timing;
  readonly baseline: Timing;
  readonly patchBytes: number;
  readonly baselineBytes: number;
  readonly maxPatchBytes: number;
  readonly maxRatio?: number;
}

interface Case {
  readonly name: string;
  readonly maxPatchBytes: number;
  readonly maxRatio?: number;
  /** Renders the current state with the engine. */
  render(): RenderedNode;
  /** Renders the current state as one HTML string. */
  baseline(): string;
  /** Applies the case's change to the state. */
  change(): void;
}

function run(c: Case): Result {
  // Correctness first: both sides must produce the same HTML, and the sample patch is the
  // one the timed loop produces.
  let prev = c.render();
  if (renderToString(prev) !== c.baseline()) throw new Error(`${c.name}: baseline HTML differs`);
  c.change();
  const next = c.render();
  if (renderToString(next) !== c.baseline()) throw new Error(`${c.name}: baseline HTML differs`);
  const sample = patchBytes(prev, diff(prev, next));
  const baselineBytes = bytes(c.baseline());

  prev = next;
  const kinetic = measure(() => {
    c.change();
    const rendered = c.render();
    diff(prev, rendered);
    prev = rendered;
  });
  let sink = 0;
  const baseline = measure(() => {
    c.change();
    sink += c.baseline().length;
  });
  if (sink === 0) throw new Error('baseline optimized away');
  return {
    name: c.name,
    kinetic,
    baseline,
    patchBytes: sample,
    baselineBytes,
    maxPatchBytes: c.maxPatchBytes,
    ...(c.maxRatio === undefined ? {} : { maxRatio: c.maxRatio }),
  };
}

// ---- (a) Counter.

function counterCase(): Case {
  let count = 0;
  return {
    name: 'counter increment',
    maxPatchBytes: 20,
    render: () => html`<div><h1>Count: ${count}</h1><button lv-click="inc">+</button></div>`,
    baseline: () =>
      `<div><h1>Count: ${escapeText(count)}</h1><button lv-click="inc">+</button></div>`,
    change: () => {
      count++;
    },
  };
}

// ---- (b), (c) A 1,000-row table, rendered with each() and a module-level row function.

interface Row {
  readonly id: number;
  readonly name: string;
  readonly email: string;
  readonly score: number;
}

const makeRows = (n: number): Row[] =>
  Array.from({ length: n }, (_, i) => ({
    id: i,
    name: `User ${i} & co`,
    email: `user${i}@example.com`,
    score: (i * 37) % 100,
  }));

const rowTemplate = (r: Row) =>
  html`<tr id="row-${r.id}"><td>${r.id}</td><td>${r.name}</td><td><a href="mailto:${r.email}">${r.email}</a></td><td>${r.score}</td></tr>`;
const rowKey = (r: Row) => r.id;
const tableTemplate = (rows: readonly Row[]) =>
  html`<table><thead><tr><th>#</th><th>Name</th><th>Email</th><th>Score</th></tr></thead><tbody>${each(rows, rowKey, rowTemplate)}</tbody></table>`;

function tableBaseline(rows: readonly Row[]): string {
  let out =
    '<table><thead><tr><th>#</th><th>Name</th><th>Email</th><th>Score</th></tr></thead><tbody>';
  for (const r of rows) {
    out += `<tr id="row-${escapeText(r.id)}"><td>${escapeText(r.id)}</td><td>${escapeText(r.name)}</td><td><a href="mailto:${escapeText(r.email)}">${escapeText(r.email)}</a></td><td>${escapeText(r.score)}</td></tr>`;
  }
  return `${out}</tbody></table>`;
}

function oneCellCase(): Case {
  const rows = makeRows(1000);
  let turn = 0;
  return {
    name: '1,000-row table, one cell changed',
    maxPatchBytes: 100,
    maxRatio: 0.1,
    render: () => tableTemplate(rows),
    baseline: () => tableBaseline(rows),
    change: () => {
      // Rows are values: a change replaces the row's object.
      const i = (turn++ * 389) % rows.length;
      const r = rows[i] as Row;
      rows[i] = { ...r, score: r.score + 1 };
    },
  };
}

function moveToTopCase(): Case {
  const rows = makeRows(1000);
  return {
    name: '1,000-row keyed list, one row moved to the top',
    maxPatchBytes: 60,
    render: () => tableTemplate(rows),
    baseline: () => tableBaseline(rows),
    change: () => {
      rows.unshift(rows.pop() as Row);
    },
  };
}

// ---- Report.

function formatTime(ns: number): string {
  if (ns < 1_000) return `${ns.toFixed(0)} ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(2)} µs`;
  return `${(ns / 1_000_000).toFixed(2)} ms`;
}

function verdict(r: Result): { target: string; pass: boolean } {
  const ratio = r.kinetic.median / r.baseline.median;
  const targets = [`patch ≤ ${r.maxPatchBytes} B`];
  let pass = r.patchBytes <= r.maxPatchBytes;
  if (r.maxRatio !== undefined) {
    targets.push(`time ≤ ${(r.maxRatio * 100).toFixed(0)}%`);
    pass &&= ratio <= r.maxRatio;
  }
  return { target: targets.join(', '), pass };
}

function printTable(results: readonly Result[]): void {
  const header = [
    'case',
    'kinetic/op',
    'baseline/op',
    'ratio',
    'patch B',
    'baseline B',
    'target',
    'result',
  ];
  const rows = results.map((r) => {
    const { target, pass } = verdict(r);
    return [
      r.name,
      formatTime(r.kinetic.median),
      formatTime(r.baseline.median),
      `${((r.kinetic.median / r.baseline.median) * 100).toFixed(1)}%`,
      String(r.patchBytes),
      String(r.baselineBytes),
      target,
      pass ? 'PASS' : 'MISS',
    ];
  });
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

const results = [counterCase(), oneCellCase(), moveToTopCase()].map(run);
console.log(
  'render+diff per operation vs. re-rendering the whole HTML string (median, after warm-up);\n' +
    'patch bytes = JSON of encodePatch(...).p once the client holds the statics.\n',
);
printTable(results);
