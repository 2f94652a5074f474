import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Placeholder values: `{ Name: 'UserCard' }` replaces `__Name__`. */
export type Vars = Readonly<Record<string, string>>;

/** A file a template would write: its path in the target and its contents. */
export interface PlannedFile {
  readonly path: string;
  readonly contents: string;
}

/**
 * The templates folder. The build copies the repository's `templates/` next to the compiled
 * CLI (`dist/templates`, each file with a `.tpl` suffix), so an installed package finds it
 * the same way.
 */
export const templatesRoot = (): string => fileURLToPath(new URL('./templates/', import.meta.url));

// npm leaves `.gitignore` out of published packages, so the template stores it renamed. A
// `biome.json` under templates/ would be a second root config to the repository's Biome.
const RENAMES: Readonly<Record<string, string>> = {
  _gitignore: '.gitignore',
  '_biome.json': 'biome.json',
};

/** A file's name in the target: the build's `.tpl` suffix dropped, renames applied, filled. */
const targetName = (part: string, vars: Vars) => {
  const name = part.replace(/\.tpl$/, '');
  return RENAMES[name] ?? fill(name, vars);
};

/** Replaces every `__key__` of `vars` in `text`. Unknown `__words__` stay as they are. */
export function fill(text: string, vars: Vars): string {
  const keys = Object.keys(vars).sort((a, b) => b.length - a.length);
  if (keys.length === 0) return text;
  const pattern = new RegExp(`__(${keys.map(escapeRegExp).join('|')})__`, 'g');
  return text.replace(pattern, (_match, key: string) => vars[key] as string);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// A block's markers are comments of the file's kind: `// #each field` in code,
// `<!-- #each field -->` in html markup, `{/* #each field */}` among JSX children.
const EACH = /^\s*(?:\/\/|<!--|\{\/\*)\s*#each (\w+)\s*(?:-->|\*\/\})?\s*$/;
const END = /^\s*(?:\/\/|<!--|\{\/\*)\s*#end\s*(?:-->|\*\/\})?\s*$/;

/**
 * Expands `#each <list>` … `#end` line blocks: the lines between repeat once per item of
 * `lists[list]`, each filled with that item's vars. Blocks do not nest.
 */
export function expandBlocks(
  text: string,
  lists: Readonly<Record<string, readonly Vars[]>>,
): string {
  const out: string[] = [];
  let block: string[] | undefined;
  let items: readonly Vars[] = [];
  for (const line of text.split('\n')) {
    const start = EACH.exec(line);
    if (start !== null) {
      block = [];
      items = lists[start[1] as string] ?? [];
      continue;
    }
    if (block !== undefined && END.test(line)) {
      for (const item of items) for (const body of block) out.push(fill(body, item));
      block = undefined;
      continue;
    }
    (block ?? out).push(line);
  }
  return out.join('\n');
}

/** Every file under `dir`, as paths relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at).sort()) {
      const path = join(at, entry);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(dir, path));
    }
  };
  walk(dir);
  return found;
}

/**
 * What copying the template folder `from` would write: file names renamed and filled,
 * contents filled and their `#each` blocks expanded.
 */
export function planTemplate(
  from: string,
  vars: Vars,
  lists: Readonly<Record<string, readonly Vars[]>> = {},
): PlannedFile[] {
  return filesUnder(from).map((file) => {
    const parts = file.split(/[\\/]/).map((part) => targetName(part, vars));
    const text = readFileSync(join(from, file), 'utf8');
    return { path: join(...parts), contents: fill(expandBlocks(text, lists), vars) };
  });
}

/**
 * Lays template folders over each other, later ones winning: a file replaces the file of
 * the same path, and a `.tsx` file also replaces the `.ts` file of the same name (so the
 * JSX twin of a view, `counter.tsx`, takes the place of `counter.ts`). Folders that do not
 * exist are skipped: a template needs no JSX twin of a file that has no markup.
 */
export function planLayers(
  layers: readonly string[],
  vars: Vars,
  lists: Readonly<Record<string, readonly Vars[]>> = {},
): PlannedFile[] {
  const files = new Map<string, PlannedFile>();
  for (const layer of layers) {
    if (!existsSync(layer)) continue;
    for (const file of planTemplate(layer, vars, lists)) {
      if (file.path.endsWith('.tsx')) files.delete(file.path.slice(0, -1));
      files.set(file.path, file);
    }
  }
  return [...files.values()];
}

/** Writes planned files under `root`, creating folders as needed. */
export function writePlanned(root: string, files: readonly PlannedFile[]): void {
  for (const file of files) {
    const path = join(root, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.contents);
  }
}

/** The planned files that already exist under `root`. */
export const existing = (root: string, files: readonly PlannedFile[]): string[] =>
  files.filter((file) => existsSync(join(root, file.path))).map((file) => file.path);
