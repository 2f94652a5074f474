import type { Dyn, RenderedNode } from './rendered.js';

/**
 * What changed in one dynamic. A Dyn replaces the old value whole (new text, a node of
 * another template, a list where there was none); the three patch kinds change it in place.
 */
export type DynPatch = Dyn | SlotsPatch | KeyedPatch;

/**
 * Changes by position: the slots of a node, or the items of a list. `length` is set when a
 * list grew or shrank; items past the old length arrive whole.
 */
export interface SlotsPatch {
  readonly kind: 'slots';
  readonly length?: number;
  readonly slots: ReadonlyArray<readonly [index: number, patch: DynPatch]>;
}

/** Changes to a keyed list, applied in the order removed, placed, updated. */
export interface KeyedPatch {
  readonly kind: 'keyedPatch';
  readonly removed: readonly string[];
  /**
   * Rows that moved or are new, in their final order: each goes right after `after`
   * (null: first). A new row carries its node.
   */
  readonly placed: ReadonlyArray<readonly [key: string, after: string | null, node?: RenderedNode]>;
  readonly updated: ReadonlyArray<readonly [key: string, patch: DynPatch]>;
}

/** A patch for a whole render, or null when nothing changed. */
export type Patch = DynPatch | null;
