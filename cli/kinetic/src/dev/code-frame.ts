import { readFileSync } from 'node:fs';

/**
 * A few lines of source around `line` (1-based), numbered, with a caret under `column`
 * (1-based) of the faulty line:
 *
 *   11 |   render: ({ count }) => html`
 * > 12 |     <p>${cout}</p>
 *      |         ^
 */
export function codeFrame(source: string, line: number, column = 0, around = 2): string {
  const lines = source.split(/\r?\n/);
  const first = Math.max(1, line - around);
  const last = Math.min(lines.length, line + around);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const gutter = String(n).padStart(width);
    out.push(`${n === line ? '>' : ' '} ${gutter} | ${lines[n - 1] ?? ''}`);
    if (n === line && column > 0) out.push(`  ${' '.repeat(width)} | ${' '.repeat(column - 1)}^`);
  }
  return out.join('\n');
}

/** The code frame of a file on disk, or undefined when it cannot be read. */
export function fileFrame(file: string, line: number, column = 0): string | undefined {
  try {
    return codeFrame(readFileSync(file, 'utf8'), line, column);
  } catch {
    return undefined;
  }
}
