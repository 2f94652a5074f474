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

/** A keyed list: nodes identified by key, so changes travel as insert/move/remove/update. */
export interface RenderedKeyed {
  readonly kind: 'keyed';
  readonly keys: readonly string[];
  readonly items: ReadonlyMap<string, RenderedNode>;
}

/** `html` returns a node: the root of a render. */
export type Rendered = RenderedNode;

export const node = (t: Statics, d: readonly Dyn[]): RenderedNode => ({ kind: 'node', t, d });

export function isNode(value: unknown): value is RenderedNode {
  return typeof value === 'object' && value !== null && (value as RenderedNode).kind === 'node';
}
