import type { DynPatch, KeyedPatch, Patch, SlotsPatch } from './patch.js';
import {
  type Dyn,
  keyIndex,
  type RenderedKeyed,
  type RenderedList,
  type RenderedNode,
  shareKeyIndex,
} from './rendered.js';
import { locationOf, type Statics } from './template.js';

/**
 * What changed between two renders: only the dynamics that differ, recursively.
 * Returns null when the renders are equal.
 * @example const patch = diff(previous, view.render(assigns));
 */
export function diff(prev: Dyn, next: Dyn): Patch {
  return diffDyn(prev, next, undefined);
}

/** `owner` is the template holding the value, named when a keyed list has a repeated key. */
function diffDyn(prev: Dyn, next: Dyn, owner: Statics | undefined): DynPatch | null {
  if (prev === next) return null;
  if (typeof next === 'string') return next;
  if (typeof prev !== 'string') {
    switch (next.kind) {
      case 'node':
        if (prev.kind === 'node' && prev.t.fp === next.t.fp) return diffNode(prev, next);
        break;
      case 'list':
        if (prev.kind === 'list') return diffList(prev, next);
        break;
      case 'keyed':
        if (prev.kind === 'keyed') return diffKeyed(prev, next, locationOf(owner));
        break;
    }
  }
  checkKeys(next, owner);
  return next;
}

function diffNode(prev: RenderedNode, next: RenderedNode): SlotsPatch | null {
  let slots: Array<readonly [number, DynPatch]> | undefined;
  const d = next.d;
  for (let i = 0; i < d.length; i++) {
    const change = diffDyn(prev.d[i] as Dyn, d[i] as Dyn, next.t);
    if (change === null) continue;
    if (slots === undefined) slots = [];
    slots.push([i, change]);
  }
  return slots === undefined ? null : { kind: 'slots', slots };
}

function diffList(prev: RenderedList, next: RenderedList): SlotsPatch | null {
  const slots: Array<readonly [number, DynPatch]> = [];
  const common = Math.min(prev.items.length, next.items.length);
  for (let i = 0; i < common; i++) {
    const change = diffDyn(prev.items[i] as RenderedNode, next.items[i] as RenderedNode, undefined);
    if (change !== null) slots.push([i, change]);
  }
  for (let i = common; i < next.items.length; i++) {
    const item = next.items[i] as RenderedNode;
    checkKeys(item, undefined);
    slots.push([i, item]);
  }
  const resized = prev.items.length !== next.items.length;
  if (!resized && slots.length === 0) return null;
  return resized ? { kind: 'slots', length: next.items.length, slots } : { kind: 'slots', slots };
}

function diffKeyed(
  prev: RenderedKeyed,
  next: RenderedKeyed,
  location: string | undefined,
): KeyedPatch | null {
  if (sameKeys(prev.keys, next.keys)) {
    // The common case, a render that changed rows but not their order: no maps needed.
    // Same keys in the same order as a checked list means no repeats either.
    keyIndex(prev, location);
    shareKeyIndex(prev, next);
    return updatedRows(prev, next);
  }
  const prevIndex = keyIndex(prev, location);
  const nextIndex = keyIndex(next, location);
  const removed: string[] = [];
  const placed: Array<readonly [string, string | null, RenderedNode?]> = [];
  const updated: Array<readonly [string, DynPatch]> = [];

  for (const key of prev.keys) if (!nextIndex.has(key)) removed.push(key);
  const oldAt = new Int32Array(next.keys.length);
  for (let i = 0; i < next.keys.length; i++) oldAt[i] = prevIndex.get(next.keys[i] as string) ?? -1;
  const stable = stableRows(oldAt);

  for (let i = 0; i < next.keys.length; i++) {
    const key = next.keys[i] as string;
    const item = next.rows[i] as RenderedNode;
    const at = oldAt[i] as number;
    const after = i === 0 ? null : (next.keys[i - 1] as string);
    if (at < 0) {
      checkKeys(item, undefined);
      placed.push([key, after, item]);
      continue;
    }
    if (stable[i] === 0) placed.push([key, after]);
    const change = diffDyn(prev.rows[at] as RenderedNode, item, undefined);
    if (change !== null) updated.push([key, change]);
  }
  if (removed.length === 0 && placed.length === 0 && updated.length === 0) return null;
  return { kind: 'keyedPatch', removed, placed, updated };
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function updatedRows(prev: RenderedKeyed, next: RenderedKeyed): KeyedPatch | null {
  let updated: Array<readonly [string, DynPatch]> | undefined;
  const rows = next.rows;
  for (let i = 0; i < rows.length; i++) {
    const old = prev.rows[i] as RenderedNode;
    const row = rows[i] as RenderedNode;
    if (old === row) continue;
    const change = diffDyn(old, row, undefined);
    if (change === null) continue;
    if (updated === undefined) updated = [];
    updated.push([next.keys[i] as string, change]);
  }
  return updated === undefined ? null : { kind: 'keyedPatch', removed: [], placed: [], updated };
}

/** A subtree sent whole may hold keyed lists never diffed: check their keys before sending. */
function checkKeys(value: Dyn, owner: Statics | undefined): void {
  if (typeof value === 'string') return;
  switch (value.kind) {
    case 'node':
      for (const d of value.d) checkKeys(d, value.t);
      return;
    case 'list':
      for (const item of value.items) checkKeys(item, undefined);
      return;
    case 'keyed':
      keyIndex(value, locationOf(owner));
      for (const row of value.rows) checkKeys(row, undefined);
      return;
  }
}

/**
 * The kept rows that need not move, by new position (1: stays): the longest run of them
 * whose old positions (`oldAt`, -1 for new rows) increase in the new order. Every other
 * kept row is moved, which keeps the number of moves minimal.
 */
function stableRows(oldAt: Int32Array): Uint8Array {
  const kept: number[] = [];
  const positions: number[] = [];
  for (let i = 0; i < oldAt.length; i++) {
    const at = oldAt[i] as number;
    if (at >= 0) {
      kept.push(i);
      positions.push(at);
    }
  }
  const stable = new Uint8Array(oldAt.length);
  for (const i of longestIncreasing(positions)) stable[kept[i] as number] = 1;
  return stable;
}

/** Indices of a longest strictly increasing subsequence (patience sorting, O(n log n)). */
function longestIncreasing(values: readonly number[]): number[] {
  const tails: number[] = [];
  const previous: number[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[tails[mid] as number] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    previous[i] = lo > 0 ? (tails[lo - 1] as number) : -1;
    tails[lo] = i;
  }
  const out: number[] = new Array(tails.length);
  let k = tails.length > 0 ? (tails[tails.length - 1] as number) : -1;
  for (let j = tails.length - 1; j >= 0; j--) {
    out[j] = k;
    k = previous[k] as number;
  }
  return out;
}
