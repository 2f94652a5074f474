import { patchMismatch } from './errors.js';
import type { DynPatch, KeyedPatch, Patch, SlotsPatch } from './patch.js';
import {
  type Dyn,
  keyIndex,
  type RenderedKeyed,
  type RenderedNode,
  shareKeyIndex,
} from './rendered.js';

/**
 * Applies a patch to a tree and returns the patched tree. The input is not modified:
 * changed nodes are copied, unchanged subtrees are shared.
 * @example tree = applyPatch(tree, patch);
 */
export function applyPatch<T extends Dyn>(tree: T, patch: Patch): Dyn {
  return patch === null ? tree : applyDyn(tree, patch);
}

function applyDyn(tree: Dyn, patch: DynPatch): Dyn {
  if (typeof patch === 'string') return patch;
  switch (patch.kind) {
    case 'node':
    case 'list':
    case 'keyed':
      return patch;
    case 'slots':
      return applySlots(tree, patch);
    case 'keyedPatch':
      return applyKeyed(tree, patch);
  }
}

function applySlots(tree: Dyn, patch: SlotsPatch): Dyn {
  if (typeof tree === 'string' || tree.kind === 'keyed') {
    throw patchMismatch('a slot patch met text or a keyed list');
  }
  if (tree.kind === 'node') {
    const d = tree.d.slice();
    for (const [index, change] of patch.slots) {
      if (index >= d.length) throw patchMismatch(`slot ${index} of a ${d.length}-slot node`);
      d[index] = applyDyn(d[index] as Dyn, change);
    }
    return { kind: 'node', t: tree.t, d };
  }
  const items = tree.items.slice(0, patch.length ?? tree.items.length);
  for (const [index, change] of patch.slots) {
    if (index > items.length) throw patchMismatch(`item ${index} of a ${items.length}-item list`);
    const current = items[index];
    const next = current === undefined ? change : applyDyn(current, change);
    if (typeof next === 'string' || next.kind !== 'node')
      throw patchMismatch('a list item is not a node');
    items[index] = next as RenderedNode;
  }
  if (items.length !== (patch.length ?? tree.items.length)) throw patchMismatch('a list has holes');
  return { kind: 'list', items };
}

function applyKeyed(tree: Dyn, patch: KeyedPatch): RenderedKeyed {
  if (typeof tree === 'string' || tree.kind !== 'keyed') {
    throw patchMismatch('a keyed patch met something other than a keyed list');
  }
  const index = keyIndex(tree);
  const updates = new Map<string, DynPatch>(patch.updated);
  if (updates.size !== patch.updated.length) throw patchMismatch('a row is updated twice');
  if (patch.removed.length === 0 && patch.placed.length === 0) {
    // Rows changed in place: the keys, and so the index, stay as they are.
    const rows = tree.rows.slice();
    for (const [key, change] of updates) {
      const at = index.get(key);
      if (at === undefined) throw patchMismatch(`updated row "${key}" is unknown`);
      rows[at] = updatedRow(rows[at] as RenderedNode, change);
    }
    const out: RenderedKeyed = { kind: 'keyed', keys: tree.keys, rows };
    shareKeyIndex(tree, out);
    return out;
  }

  const leaving = new Set<string>(patch.removed);
  for (const key of leaving) {
    if (!index.has(key)) throw patchMismatch(`removed row "${key}" is unknown`);
  }
  // Placed rows come in final order, each with its final predecessor: the new order is the
  // rows that stay, in their old order, each followed by the chain of rows placed after it.
  const placedAfter = new Map<string | null, readonly [string, RenderedNode]>();
  for (const [key, after, node] of patch.placed) {
    if (leaving.has(key)) throw patchMismatch(`row "${key}" is placed twice or also removed`);
    let row = node;
    if (row === undefined) {
      const at = index.get(key);
      if (at === undefined) throw patchMismatch(`moved row "${key}" is unknown`);
      row = tree.rows[at] as RenderedNode;
    }
    if (placedAfter.has(after)) throw patchMismatch(`two rows are placed after "${after}"`);
    placedAfter.set(after, [key, row]);
    leaving.add(key);
  }

  const keys: string[] = [];
  const rows: RenderedNode[] = [];
  let applied = 0;
  const push = (key: string, row: RenderedNode) => {
    const change = updates.get(key);
    keys.push(key);
    if (change === undefined) rows.push(row);
    else {
      rows.push(updatedRow(row, change));
      applied++;
    }
  };
  let chained = 0;
  const follow = (after: string | null) => {
    for (let next = placedAfter.get(after); next !== undefined; next = placedAfter.get(next[0])) {
      push(next[0], next[1]);
      chained++;
    }
  };
  follow(null);
  for (let i = 0; i < tree.keys.length; i++) {
    const key = tree.keys[i] as string;
    if (leaving.has(key)) continue;
    push(key, tree.rows[i] as RenderedNode);
    follow(key);
  }
  // A placed row whose predecessor never made it into the list would be lost.
  if (chained !== patch.placed.length)
    throw patchMismatch('placed rows do not chain onto the list');
  if (applied !== updates.size) throw patchMismatch('an updated row is unknown');
  return { kind: 'keyed', keys, rows };
}

function updatedRow(row: RenderedNode, change: DynPatch): RenderedNode {
  const next = applyDyn(row, change);
  if (typeof next === 'string' || next.kind !== 'node') throw patchMismatch('a row is not a node');
  return next;
}
