import type { DynPatch, KeyedPatch, Patch, SlotsPatch } from './patch.js';
import type { Dyn, RenderedKeyed, RenderedList, RenderedNode } from './rendered.js';

/**
 * What changed between two renders: only the dynamics that differ, recursively.
 * Returns null when the renders are equal.
 * @example const patch = diff(previous, view.render(assigns));
 */
export function diff(prev: Dyn, next: Dyn): Patch {
  return diffDyn(prev, next);
}

function diffDyn(prev: Dyn, next: Dyn): DynPatch | null {
  if (prev === next) return null;
  if (typeof next === 'string' || typeof prev === 'string') return next;
  switch (next.kind) {
    case 'node':
      return prev.kind === 'node' && prev.t.fp === next.t.fp ? diffNode(prev, next) : next;
    case 'list':
      return prev.kind === 'list' ? diffList(prev, next) : next;
    case 'keyed':
      return prev.kind === 'keyed' ? diffKeyed(prev, next) : next;
  }
}

function diffNode(prev: RenderedNode, next: RenderedNode): SlotsPatch | null {
  let slots: Array<readonly [number, DynPatch]> | undefined;
  const d = next.d;
  for (let i = 0; i < d.length; i++) {
    const change = diffDyn(prev.d[i] as Dyn, d[i] as Dyn);
    if (change !== null) (slots ??= []).push([i, change]);
  }
  return slots === undefined ? null : { kind: 'slots', slots };
}

function diffList(prev: RenderedList, next: RenderedList): SlotsPatch | null {
  const slots: Array<readonly [number, DynPatch]> = [];
  const common = Math.min(prev.items.length, next.items.length);
  for (let i = 0; i < common; i++) {
    const change = diffDyn(prev.items[i] as RenderedNode, next.items[i] as RenderedNode);
    if (change !== null) slots.push([i, change]);
  }
  for (let i = common; i < next.items.length; i++) slots.push([i, next.items[i] as RenderedNode]);
  const resized = prev.items.length !== next.items.length;
  if (!resized && slots.length === 0) return null;
  return resized ? { kind: 'slots', length: next.items.length, slots } : { kind: 'slots', slots };
}

function diffKeyed(prev: RenderedKeyed, next: RenderedKeyed): KeyedPatch | null {
  const removed: string[] = [];
  const placed: Array<readonly [string, string | null, RenderedNode?]> = [];
  const updated: Array<readonly [string, DynPatch]> = [];

  for (const key of prev.keys) if (!next.items.has(key)) removed.push(key);

  const sameOrder =
    removed.length === 0 &&
    prev.keys.length === next.keys.length &&
    prev.keys.every((key, i) => key === next.keys[i]);
  const stable = sameOrder ? undefined : stableKeys(prev, next);

  for (let i = 0; i < next.keys.length; i++) {
    const key = next.keys[i] as string;
    const item = next.items.get(key) as RenderedNode;
    const old = prev.items.get(key);
    if (old === undefined) {
      placed.push([key, i === 0 ? null : (next.keys[i - 1] as string), item]);
      continue;
    }
    if (stable !== undefined && !stable.has(key)) {
      placed.push([key, i === 0 ? null : (next.keys[i - 1] as string)]);
    }
    const change = diffDyn(old, item);
    if (change !== null) updated.push([key, change]);
  }
  if (removed.length === 0 && placed.length === 0 && updated.length === 0) return null;
  return { kind: 'keyedPatch', removed, placed, updated };
}

/**
 * The kept keys that need not move: the longest run of them whose old positions increase
 * in the new order. Every other kept key is moved, which keeps the number of moves minimal.
 */
function stableKeys(prev: RenderedKeyed, next: RenderedKeyed): Set<string> {
  const oldIndex = new Map<string, number>();
  prev.keys.forEach((key, i) => oldIndex.set(key, i));
  const kept: string[] = [];
  const positions: number[] = [];
  for (const key of next.keys) {
    const at = oldIndex.get(key);
    if (at !== undefined) {
      kept.push(key);
      positions.push(at);
    }
  }
  const stable = new Set<string>();
  for (const i of longestIncreasing(positions)) stable.add(kept[i] as string);
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
