// The error catalogs are complete, documented, asserted and free of dead codes.
//
// The rules, checked over files on disk (not over what a build made):
// - Sources are the .ts files under packages/*/src and cli/*/src, except *.test.ts. A code
//   is a whole word KN_ERR_<NAME> (a prefix such as 'KN_ERR_' or /KN_ERR_VIEW_(…)/ is not).
// - Catalog codes are the keys of the `*_ERRORS` table in each package's src/errors.ts, read
//   from the source by scripts/errors-doc.mjs (which lists them all: a package's errors.ts it
//   misses fails). No code is in two tables, and every code a catalog file has in quotes
//   (its code union, its factories) is in one: a package may create another's code on
//   purpose (@kinetic/jsx makes html's KN_ERR_TEMPLATE_UNSAFE_SLOT), never an unlisted one.
// - Every code in the sources is a catalog code.
// - The guides (docs/*.md, README.md) name only catalog codes.
// - docs/errors.md is what scripts/errors-doc.mjs renders from the catalogs, byte for byte,
//   so every catalog code is documented there (`pnpm docs:errors` regenerates it).
// - A catalog code is asserted by a test when the code itself, as a string, appears in a
//   *.test.ts file under packages/, cli/ or e2e/. Calling the catalog's factory does not
//   count: a test must name the code the user sees.
// - A catalog code is used when a source outside its catalog file writes the code, or
//   imports (or re-exports) from the catalog file a factory that creates it. A code used
//   nowhere is dead and must be removed, with its factory.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type CatalogSource,
  type ErrorEntries,
  renderErrorsDoc,
  sourceCatalogs,
} from '../errors-doc.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CODE = /\bKN_ERR_[A-Z0-9_]*[A-Z0-9]\b/g;

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) {
      continue;
    }
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...filesUnder(path, keep));
    else if (entry.isFile() && keep(path)) files.push(path);
  }
  return files;
}

const isTest = (file: string) => file.endsWith('.test.ts');
const srcDirs = ['packages', 'cli'].flatMap((group) =>
  readdirSync(join(root, group)).map((name) => join(root, group, name, 'src')),
);
const sources = srcDirs.flatMap((dir) =>
  filesUnder(dir, (file) => file.endsWith('.ts') && !isTest(file)),
);
const tests = ['packages', 'cli', 'e2e'].flatMap((dir) => filesUnder(join(root, dir), isTest));
const read = (file: string) => readFileSync(file, 'utf8');
const codesIn = (text: string) => new Set(text.match(CODE) ?? []);

interface Catalog extends CatalogSource {
  /** Its src/errors.ts. */
  readonly file: string;
  readonly entries: ErrorEntries;
}

const catalogs: Catalog[] = sourceCatalogs().map((catalog) => ({
  ...catalog,
  file: join(root, catalog.dir, 'src', 'errors.ts'),
}));
const catalogCodes = new Map<string, Catalog>();
for (const catalog of catalogs) {
  for (const code of Object.keys(catalog.entries)) catalogCodes.set(code, catalog);
}

/** Factory name -> the codes it creates, from the top-level statements of a catalog file. */
function factoriesOf(file: string): Map<string, Set<string>> {
  const factories = new Map<string, Set<string>>();
  for (const statement of read(file).split(/\n(?=export |function |const )/)) {
    const name = /^export (?:const|function) (\w+)/.exec(statement)?.[1];
    if (name === undefined) continue;
    const created = [...statement.matchAll(/new \w+\(\s*'(KN_ERR_\w+)'/g)].map((m) => m[1]);
    if (created.length > 0) factories.set(name, new Set(created as string[]));
  }
  return factories;
}

/** Names a source imports or re-exports from the catalog file `catalogFile`. */
function namesTakenFrom(source: string, catalogFile: string): string[] {
  const names: string[] = [];
  const statements = read(source).matchAll(
    /(?:import|export)\s+(?:type\s+)?\{([^}]*)\}\s*from\s*'(\.\.?\/[^']*errors\.js)'/g,
  );
  for (const [, list, from] of statements) {
    const target = resolve(dirname(source), (from as string).replace(/\.js$/, '.ts'));
    if (target !== catalogFile) continue;
    for (const item of (list as string).split(',')) {
      const name = item
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0];
      if (name) names.push(name);
    }
  }
  return names;
}

const where = (file: string) => relative(root, file);

describe('the error catalogs', () => {
  it('are one per package: every src/errors.ts is listed in scripts/errors-doc.mjs', () => {
    const onDisk = srcDirs.map((dir) => join(dir, 'errors.ts')).filter((file) => existsSync(file));
    expect(onDisk.map(where).sort()).toEqual(catalogs.map((c) => where(c.file)).sort());
  });

  it('hold every code their files write, and no code twice', () => {
    const seen = new Map<string, string>();
    const problems: string[] = [];
    for (const catalog of catalogs) {
      for (const code of Object.keys(catalog.entries)) {
        const other = seen.get(code);
        if (other !== undefined) problems.push(`${code} is in ${other} and ${catalog.package}`);
        seen.set(code, catalog.package);
      }
    }
    for (const catalog of catalogs) {
      const quoted = read(catalog.file).matchAll(/'(KN_ERR_[A-Z0-9_]*[A-Z0-9])'/g);
      for (const [, code] of quoted) {
        if (!seen.has(code as string))
          problems.push(`${where(catalog.file)} writes ${code}, in no table`);
      }
    }
    expect(problems).toEqual([]);
    expect(catalogCodes.size).toBeGreaterThan(50);
  });

  it('hold every KN_ERR_ code the packages throw, send or mention', () => {
    const missing: string[] = [];
    for (const file of sources) {
      for (const code of codesIn(read(file))) {
        if (!catalogCodes.has(code)) missing.push(`${code} (${where(file)})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('have no dead codes: each is written or created by a factory outside its catalog', () => {
    const used = new Set<string>();
    for (const file of sources) {
      if (catalogs.some((c) => c.file === file)) continue;
      for (const code of codesIn(read(file))) used.add(code);
    }
    for (const catalog of catalogs) {
      const factories = factoriesOf(catalog.file);
      for (const file of sources) {
        for (const name of namesTakenFrom(file, catalog.file)) {
          for (const code of factories.get(name) ?? []) used.add(code);
        }
      }
    }
    const dead = [...catalogCodes.keys()].filter((code) => !used.has(code));
    expect(dead).toEqual([]);
  });

  it('are each asserted by a test that names the code', () => {
    const named = new Set<string>();
    for (const file of tests) for (const code of codesIn(read(file))) named.add(code);
    const untested = [...catalogCodes.keys()].filter((code) => !named.has(code));
    expect(untested).toEqual([]);
  });
});

describe('docs/errors.md', () => {
  const doc = read(join(root, 'docs', 'errors.md'));

  it('is where the guides point: they name no code that is not in a catalog', () => {
    const guides = filesUnder(join(root, 'docs'), (file) => file.endsWith('.md'));
    const unknown: string[] = [];
    for (const file of [...guides, join(root, 'README.md')]) {
      for (const code of codesIn(read(file))) {
        if (!catalogCodes.has(code)) unknown.push(`${code} (${where(file)})`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('documents every catalog code', () => {
    const undocumented = [...catalogCodes.keys()].filter(
      (code) => !doc.includes(`\n### ${code}\n`),
    );
    expect(undocumented).toEqual([]);
  });

  it('is what the catalogs generate (run `pnpm docs:errors` after changing one)', () => {
    expect(doc).toBe(renderErrorsDoc(catalogs));
  });
});
