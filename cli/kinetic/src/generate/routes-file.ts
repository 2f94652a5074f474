import { readFileSync, writeFileSync } from 'node:fs';
import { routesFile } from '../errors.js';

/** What a generator adds to src/routes.ts. */
export interface RouteWiring {
  /** Import lines, added after the last import. */
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

  let lastImport = -1;
  let inImport = false;
  lines.forEach((line, i) => {
    if (line.startsWith('import ')) inImport = true;
    if (inImport && /from\s+['"][^'"]+['"];?\s*$|^import\s+['"][^'"]+['"];?\s*$/.test(line)) {
      lastImport = i;
      inImport = false;
    }
  });
  const imports = wiring.imports.filter((line) => !has(line));
  lines.splice(lastImport + 1, 0, ...imports);
  return lines.join('\n');
}

/** Wires a generated view into the app's routes file; KN_ERR_CLI_ROUTES_FILE when it cannot. */
export function wireRoutes(file: string, wiring: RouteWiring): void {
  const next = wireRoutesSource(readFileSync(file, 'utf8'), wiring);
  if (next === null) throw routesFile(file, [...wiring.imports, ...wiring.statements]);
  writeFileSync(file, next);
}
