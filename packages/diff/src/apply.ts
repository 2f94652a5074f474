import { patchMismatch } from './errors.js';
import type { DynPatch, KeyedPatch, Patch, SlotsPatch } from './patch.js';
import type { Dyn, RenderedKeyed, RenderedNode } from './rendered.js';

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
    if (typeof next === 'string' || next.kind !== 'node') throw patchMismatch('a list item is not a node');
    items[index] = next as RenderedNode;
  }
  if (items.length !== (patch.length ?? tree.items.length)) throw patchMismatch('a list has holes');
  return { kind: 'list', items };
}

function applyKeyed(tree: Dyn, patch: KeyedPatch): RenderedKeyed {
  if (typeof tree === 'string' || tree.kind !== 'keyed') {
    throw patchMismatch('a keyed patch met something other than a keyed list');
  }
  const items = new Map(tree.items);
  for (const key of patch.removed) items.delete(key);
  const moving = new Set<string>();
  for (const [key] of patch.placed) moving.add(key);
  const keys = tree.keys.filter((key) => items.has(key) && !moving.has(key));
  // Placed rows come in final order, so each one's predecessor is already where it belongs.
  const position = new Map<string, number>();
  for (const [key, after, node] of patch.placed) {
    if (node !== undefined) items.set(key, node);
    else if (!items.has(key)) throw patchMismatch(`moved row "${key}" is unknown`);
    let at = 0;
    if (after !== null) {
      at = indexOf(keys, after, position) + 1;
      if (at === 0) throw patchMismatch(`row "${key}" goes after unknown row "${after}"`);
    }
    keys.splice(at, 0, key);
    position.clear();
  }
  for (const [key, change] of patch.updated) {
    const current = items.get(key);
    if (current === undefined) throw patchMismatch(`updated row "${key}" is unknown`);
    items.set(key, applyDyn(current, change) as RenderedNode);
  }
  return { kind: 'keyed', keys, items };
}

function indexOf(keys: string[], key: string, cache: Map<string, number>): number {
  if (cache.size === 0) keys.forEach((k, i) => cache.set(k, i));
  return cache.get(key) ?? -1;
}
