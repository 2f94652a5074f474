import { duplicateKey } from './errors.js';
import type { Statics } from './template.js';

/**
 * The Rendered tree: what a render produces, independent of HTML strings.
 * A dynamic is HTML text (already escaped), a nested node, a list or a keyed list.
 */
export type Dyn = string | RenderedNode | RenderedList | RenderedKeyed;

/** One template instance: its statics (shared) and its dynamic values. */
export interface RenderedNode {
  readonly kind: 'node';
  readonly t: Statics;
  readonly d: readonly Dyn[];
}

/** A comprehension: an array of nodes, compared by position. */
export interface RenderedList {
  readonly kind: 'list';
  readonly items: readonly RenderedNode[];
}

/**
 * A keyed list: nodes identified by key, so changes travel as insert/move/remove/update.
 * `rows[i]` is the node of `keys[i]`. Arrays rather than a map, because a render builds one
 * list per each() call and a map per render costs more than the rest of the render.
 */
export interface RenderedKeyed {
  readonly kind: 'keyed';
  readonly keys: readonly string[];
  readonly rows: readonly RenderedNode[];
}

/** `html` returns a node: the root of a render. */
export type Rendered = RenderedNode;

export const node = (t: Statics, d: readonly Dyn[]): RenderedNode => ({ kind: 'node', t, d });

/** Key -> position, built when first needed and kept for the list's lifetime. */
const indexes = new WeakMap<RenderedKeyed, ReadonlyMap<string, number>>();

/**
 * The position of each key of `list`; throws KN_ERR_TEMPLATE_DUPLICATE_KEY when a key repeats.
 * Keys are checked here, when a list is first rendered to HTML, diffed, encoded or patched,
 * rather than in each(): a render that keeps the keys of the previous one shares its index
 * and pays nothing.
 */
export function keyIndex(list: RenderedKeyed, location?: string): ReadonlyMap<string, number> {
  let index = indexes.get(list);
  if (index === undefined) {
    const built = new Map<string, number>();
    const keys = list.keys;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (built.has(key)) throw duplicateKey(key, location);
      built.set(key, i);
    }
    index = built;
    indexes.set(list, index);
  }
  return index;
}

/** Gives `list` the index of another list with the same keys in the same order. */
export function shareKeyIndex(from: RenderedKeyed, to: RenderedKeyed): void {
  const index = indexes.get(from);
  if (index !== undefined) indexes.set(to, index);
}

export function isNode(value: unknown): value is RenderedNode {
  return typeof value === 'object' && value !== null && (value as RenderedNode).kind === 'node';
}
