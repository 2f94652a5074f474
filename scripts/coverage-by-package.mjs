// After `vitest run --coverage`: line and branch coverage per package, from
// coverage/coverage-summary.json (files are credited in src/, where tests import from).
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { root } from './toolchain.mjs';

const summary = JSON.parse(readFileSync(join(root, 'coverage', 'coverage-summary.json'), 'utf8'));
const packages = new Map();
for (const [file, counts] of Object.entries(summary)) {
  if (file === 'total') continue;
  const [group, name] = relative(root, file).split(sep);
  const key = `${group}/${name}`;
  const sum = packages.get(key) ?? { lines: [0, 0], branches: [0, 0] };
  for (const kind of ['lines', 'branches']) {
    sum[kind][0] += counts[kind].covered;
    sum[kind][1] += counts[kind].total;
  }
  packages.set(key, sum);
}
const percent = ([covered, total]) =>
  total === 0 ? '-' : `${((100 * covered) / total).toFixed(1)}%`;
console.log(`\n${'package'.padEnd(22)}${'lines'.padStart(8)}${'branches'.padStart(10)}`);
for (const [name, sum] of [...packages].sort()) {
  console.log(
    `${name.padEnd(22)}${percent(sum.lines).padStart(8)}${percent(sum.branches).padStart(10)}`,
  );
}
