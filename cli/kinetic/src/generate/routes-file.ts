import { readFileSync, writeFileSync } from 'node:fs';
import { routesFile } from '../errors.js';

/** What a generator adds to src/routes.ts. */
export interface RouteWiring {
  /** Import lines, each put among the file's imports in the order Biome sorts them. */
  readonly imports: readonly string[];
  /** Statements, added at the end of the `routes` function body. */
  readonly statements: readonly string[];
}

/**
 * Adds imports and statements to the source of a routes file. Lines already present are
 * not added twice, so generating again with --force leaves the wiring as it was. Returns
 * null when the file has no `export function routes(` with a body closed by a `}` line.
 */
export function wireRoutesSource(source: string, wiring: RouteWiring): string | null {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => /^export (async )?function routes\s*\(/.test(line));
  if (start === -1) return null;
  const end = lines.findIndex((line, i) => i > start && line === '}');
  if (end === -1) return null;
  const has = (text: string) => lines.some((line) => line.trim() === text.trim());
  const statements = wiring.statements.filter((line) => !has(line)).map((line) => `  ${line}`);
  lines.splice(end, 0, ...statements);

  for (const line of wiring.imports.filter((line) => !has(line))) {
    lines.splice(importPosition(lines, sourceOf(line)), 0, line);
  }
  return lines.join('\n');
}

const FROM = /from\s+['"]([^'"]+)['"];?\s*$|^import\s+['"]([^'"]+)['"];?\s*$/;

const sourceOf = (line: string): string => {
  const match = FROM.exec(line);
  return match?.[1] ?? match?.[2] ?? '';
};

/**
 * Where an import of `source` goes: before the first relative import whose source sorts
 * after it (so the app's `biome check` finds the imports sorted), else after the last import.
 */
function importPosition(lines: readonly string[], source: string): number {
  let statementStart = -1;
  let afterLast = 0;
  for (const [i, line] of lines.entries()) {
    if (line.startsWith('import ')) statementStart = i;
    if (statementStart === -1 || !FROM.test(line)) continue;
    const existing = sourceOf(line);
    if (source.startsWith('.') && existing.startsWith('.') && existing > source) {
      return statementStart;
    }
    afterLast = i + 1;
    statementStart = -1;
  }
  return afterLast;
}

/** Wires a generated view into the app's routes file; KN_ERR_CLI_ROUTES_FILE when it cannot. */
export function wireRoutes(file: string, wiring: RouteWiring): void {
  const next = wireRoutesSource(readFileSync(file, 'utf8'), wiring);
  if (next === null) throw routesFile(file, [...wiring.imports, ...wiring.statements]);
  writeFileSync(file, next);
}
