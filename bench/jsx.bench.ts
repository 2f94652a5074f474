/**
 * What writing a view in JSX costs next to writing it with `html`, measured in the same run:
 * render+diff time and patch bytes of the counter (examples/counter) and of a 1,000-row keyed
 * table, JSX against its html twin, for the same sequence of state changes; and what the
 * compile step (compileJsx) costs per file. Repetitions are interleaved (html, JSX, html, …)
 * so a noisy neighbour slows every variant alike; each figure is the median of the
 * repetitions with their min–max. Targets: patch bytes identical, JSX time within 1.2x of
 * html. Prints tables and PASS/MISS; always exits 0.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  diff,
  each,
  encodePatch,
  encodeTree,
  html,
  type RenderedNode,
  renderToString,
} from '@kinetic/diff';
import ts from 'typescript';
import { Counter } from '../examples/counter/src/counter.js';
// The compiler from its sources, so the figures are those of the code as edited.
import { compileJsx } from '../packages/jsx/src/compile.js';

const REPS = Number(process.env.BENCH_REPS ?? 15);

// ---- Loading JSX: compiled by compileJsx, types stripped, imports pointed at this bench's
// own @kinetic packages (so the trees are trusted by the @kinetic/diff that diffs them).

function loadJsx(source: string, fileName: string): Promise<Record<string, unknown>> {
  const compiled = compileJsx(source, fileName);
  if (compiled === undefined) throw new Error(`${fileName}: nothing to compile`);
  const js = ts.transpileModule(compiled.code, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const from = pathToFileURL(fileName).href;
  const resolved = js.replace(/\bfrom\s+(["'])([^"']+)\1/g, (_m, _q, specifier: string) => {
    const url = specifier.startsWith('.')
      ? new URL(specifier, from).href
      : import.meta.resolve(specifier);
    return `from ${JSON.stringify(url)}`;
  });
  const file = join(tmpdir(), `kinetic-jsx-bench-${process.pid}-${basename(fileName)}.mjs`);
  writeFileSync(file, resolved);
  return import(pathToFileURL(file).href).finally(() => rmSync(file, { force: true }));
}

// ---- The views.

interface Row {
  readonly id: number;
  readonly name: string;
  readonly email: string;
  readonly score: number;
}

/**
 * The table in JSX. `Table` is the form the compiler memoizes (a keyed .map() whose callback
 * uses only its row); `TableIndexed` takes the index too, so its rows are rebuilt every render:
 * the cost without row memoization, in the same run.
 */
const TABLE_TSX = `
interface Row { readonly id: number; readonly name: string; readonly email: string; readonly score: number }

export const Table = ({ rows }: { rows: readonly Row[] }) => (
  <table>
    <thead><tr><th>#</th><th>Name</th><th>Email</th><th>Score</th></tr></thead>
    <tbody>
      {rows.map((r) => (
        <tr key={r.id} id={\`row-\${r.id}\`}>
          <td>{r.id}</td><td>{r.name}</td><td><a href={\`mailto:\${r.email}\`}>{r.email}</a></td><td>{r.score}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

export const TableIndexed = ({ rows }: { rows: readonly Row[] }) => (
  <table>
    <thead><tr><th>#</th><th>Name</th><th>Email</th><th>Score</th></tr></thead>
    <tbody>
      {rows.map((r, _i) => (
        <tr key={r.id} id={\`row-\${r.id}\`}>
          <td>{r.id}</td><td>{r.name}</td><td><a href={\`mailto:\${r.email}\`}>{r.email}</a></td><td>{r.score}</td>
        </tr>
      ))}
    </tbody>
  </table>
);
`;

/** The html twin of the JSX table: JSX attribute values are whole-attribute slots. */
const htmlRow = (r: Row) =>
  html`<tr id=${`row-${r.id}`}><td>${r.id}</td><td>${r.name}</td><td><a href=${`mailto:${r.email}`}>${r.email}</a></td><td>${r.score}</td></tr>`;
const rowKey = (r: Row) => r.id;
const htmlTable = ({ rows }: { rows: readonly Row[] }) =>
  html`<table><thead><tr><th>#</th><th>Name</th><th>Email</th><th>Score</th></tr></thead><tbody>${each(rows, rowKey, htmlRow)}</tbody></table>`;

const makeRows = (n: number): Row[] =>
  Array.from({ length: n }, (_, i) => ({
    id: i,
    name: `User ${i} & co`,
    email: `user${i}@example.com`,
    score: (i * 37) % 100,
  }));

// ---- The cases: one state per variant, the same sequence of changes for each.

type Render = (assigns: never) => RenderedNode;

interface Case {
  readonly name: string;
  /** A fresh state; `change` moves it one step, the same steps for every variant. */
  state(): { assigns(): object; change(): void };
}

const counterCase: Case = {
  name: 'counter, +1',
  state() {
    let count = 0;
    return {
      assigns: () => ({ count, flash: {} }),
      change: () => {
        count++;
      },
    };
  },
};

const oneCellCase: Case = {
  name: '1,000-row table, one cell changed',
  state() {
    const rows = makeRows(1000);
    let turn = 0;
    return {
      assigns: () => ({ rows }),
      change: () => {
        // Rows are values: a change replaces the row's object.
        const i = (turn++ * 389) % rows.length;
        const r = rows[i] as Row;
        rows[i] = { ...r, score: r.score + 1 };
      },
    };
  },
};

const moveCase: Case = {
  name: '1,000-row table, last row moved to the top',
  state() {
    const rows = makeRows(1000);
    return {
      assigns: () => ({ rows }),
      change: () => {
        rows.unshift(rows.pop() as Row);
      },
    };
  },
};

// ---- Measuring.

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** The wire form of a sequence: first render, then each patch as the client receives it. */
function wire(
  render: Render,
  c: Case,
  steps: number,
): { text: string; patches: string; patchBytes: number } {
  const s = c.state();
  const sent = new Set<string>();
  let prev = render(s.assigns() as never);
  const parts = [JSON.stringify(encodeTree(prev, sent)), renderToString(prev)];
  const patches: string[] = [];
  let patchBytes = 0;
  for (let i = 0; i < steps; i++) {
    s.change();
    const next = render(s.assigns() as never);
    const patch = diff(prev, next);
    const encoded = patch === null ? 'null' : JSON.stringify(encodePatch(patch, sent).p);
    patchBytes += patch === null ? 0 : bytes(encoded);
    patches.push(encoded);
    parts.push(encoded, renderToString(next));
    prev = next;
  }
  return { text: parts.join('\n'), patches: patches.join('\n'), patchBytes: patchBytes / steps };
}

interface Variant {
  readonly label: string;
  readonly render: Render;
}

interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

const stats = (samples: number[]): Stats => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: sorted[sorted.length >> 1] as number,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
  };
};

/** ns per render+diff of each variant: REPS interleaved repetitions of a timed batch each. */
function time(c: Case, variants: readonly Variant[]): Stats[] {
  const runs = variants.map((v) => {
    const s = c.state();
    let prev = v.render(s.assigns() as never);
    return (n: number) => {
      for (let i = 0; i < n; i++) {
        s.change();
        const next = v.render(s.assigns() as never);
        diff(prev, next);
        prev = next;
      }
    };
  });
  // Warm up every variant, and size a batch to ~20 ms of the slowest one.
  let batch = 1;
  for (const warmUntil = performance.now() + 400; performance.now() < warmUntil; ) {
    for (const run of runs) run(batch);
    if (batch < 1 << 20) batch *= 2;
  }
  const probe = runs.map((run) => {
    const start = performance.now();
    run(batch);
    return (performance.now() - start) / batch;
  });
  batch = Math.max(1, Math.round(20 / Math.max(...probe)));
  const samples: number[][] = variants.map(() => []);
  for (let rep = 0; rep < REPS; rep++) {
    // Alternate the order, so neither variant always runs right after the other.
    const order = rep % 2 === 0 ? runs.keys() : [...runs.keys()].reverse();
    for (const i of order) {
      const start = performance.now();
      (runs[i] as (n: number) => void)(batch);
      samples[i]?.push(((performance.now() - start) * 1e6) / batch);
    }
  }
  return samples.map(stats);
}

// ---- Report.

function formatTime(ns: number): string {
  if (ns < 1_000) return `${ns.toFixed(0)} ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(2)} µs`;
  return `${(ns / 1_000_000).toFixed(2)} ms`;
}

const span = (s: Stats) => `${formatTime(s.median)} (${formatTime(s.min)}–${formatTime(s.max)})`;

function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

const here = fileURLToPath(new URL('.', import.meta.url));
const COUNTER_TSX = join(here, '../examples/counter/src/counter-jsx.tsx');
const jsxCounter = await loadJsx(readFileSync(COUNTER_TSX, 'utf8'), COUNTER_TSX);
const jsxTable = await loadJsx(TABLE_TSX, join(here, 'table.tsx'));

const htmlCounter = Counter.render as Render;
const counterJsx = (jsxCounter.CounterJsx as { render: Render }).render;
const cases: { c: Case; variants: Variant[] }[] = [
  {
    c: counterCase,
    variants: [
      { label: 'html', render: htmlCounter },
      { label: 'JSX', render: counterJsx },
    ],
  },
  ...[oneCellCase, moveCase].map((c) => ({
    c,
    variants: [
      { label: 'html', render: htmlTable as Render },
      { label: 'JSX', render: jsxTable.Table as Render },
      { label: 'JSX, index used', render: jsxTable.TableIndexed as Render },
    ],
  })),
];

console.log(
  `render+diff per change, JSX against html, ${REPS} interleaved repetitions: median (min–max);\n` +
    'patch B = mean bytes of encodePatch(...).p per change over 50 changes; "same wire" = the\n' +
    'first render, every patch and every HTML byte-identical to html; "same patches" = every\n' +
    "patch identical, the first render not (the counter's JSX drops the whitespace between tags).\n" +
    'Targets: same patches, time ≤ 1.2x. "JSX, index used" is the table with a\n' +
    '.map((r, i) => …) callback, which the compiler does not memoize: the cost without it.\n',
);
const rows: string[][] = [];
for (const { c, variants } of cases) {
  const timings = time(c, variants);
  const reference = wire(variants[0]?.render as Render, c, 50);
  variants.forEach((v, i) => {
    const t = timings[i] as Stats;
    const w = wire(v.render, c, 50);
    const ratio = t.median / (timings[0] as Stats).median;
    const same = w.text === reference.text;
    const patchSame = w.patches === reference.patches;
    rows.push([
      c.name,
      v.label,
      span(t),
      i === 0 ? '1.00x' : `${ratio.toFixed(2)}x`,
      w.patchBytes.toFixed(1),
      i === 0 ? '' : same ? 'yes' : patchSame ? 'same patches' : 'no',
      i === 0 ? '' : patchSame && ratio <= 1.2 ? 'PASS' : 'MISS',
    ]);
  });
}
printTable(
  ['case', 'written in', 'render+diff', 'vs html', 'patch B', 'same wire', 'result'],
  rows,
);

// ---- The compile step's cost per file.

/** A large view file: many components, attributes, conditionals and keyed lists. */
function generatedTsx(components: number): string {
  let out = "import { defineView } from '@kinetic/core';\n\n";
  for (let i = 0; i < components; i++) {
    out += `export const Card${i} = ({ title, items, open }: { title: string; items: { id: number; label: string }[]; open: boolean }) => (
  <section class="card card-${i}" aria-expanded={open}>
    <h2 title={title}>{title} #${i}</h2>
    {open ? <p class="open">Open</p> : <p>Closed</p>}
    <ul>
      {items.map((item) => (
        <li key={item.id} lv-click="pick" lv-value-id={item.id}>
          {item.label}
        </li>
      ))}
    </ul>
    <button type="button" lv-click="toggle" disabled={!open}>Toggle</button>
  </section>
);

`;
  }
  return `${out}export const Page = defineView({
  name: 'Page',
  mount: () => ({ open: true }),
  render: ({ open }) => <main><Card0 title="x" items={[]} open={open} /></main>,
});
`;
}

const sources = [
  ...[
    'counter/src/counter-jsx.tsx',
    'thermostat/src/thermostat-jsx.tsx',
    'search/src/search-jsx.tsx',
  ].map((f) => {
    const path = join(here, '../examples', f);
    return { name: `examples/${f}`, path, source: readFileSync(path, 'utf8') };
  }),
  { name: 'generated, 200 components', path: join(here, 'big.tsx'), source: generatedTsx(200) },
];

const compileRows = sources.map(({ name, path, source }) => {
  const first = performance.now();
  compileJsx(source, path);
  const firstMs = performance.now() - first;
  const samples: number[] = [];
  for (const until = performance.now() + 300; performance.now() < until; ) compileJsx(source, path);
  for (let rep = 0; rep < REPS; rep++) {
    const start = performance.now();
    compileJsx(source, path);
    samples.push(performance.now() - start);
  }
  const s = stats(samples);
  const kb = bytes(source) / 1024;
  return [
    name,
    String(source.split('\n').length),
    kb.toFixed(1),
    `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`,
    (s.median / kb).toFixed(3),
    firstMs.toFixed(2),
  ];
});
console.log(
  `\ncompileJsx per file, warm (median and min–max of ${REPS}), and its first call on that file:\n`,
);
printTable(['file', 'lines', 'KB', 'ms per file', 'ms per KB', 'first call ms'], compileRows);
