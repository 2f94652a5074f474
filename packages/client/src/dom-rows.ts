/**
 * Lists and keyed lists in place: removals remove, moves and inserts are one insertBefore
 * each, and a row's update goes back to the patcher. Everything is checked before the DOM
 * changes; false asks for a morph of the list's container.
 */
import type {
  DynPatch,
  KeyedPatch,
  RenderedKeyed,
  RenderedList,
  RenderedNode,
  SlotsPatch,
} from '@kinetic/diff';
import { incomingRows, planStream, rowId, updateModeOf } from '@kinetic/diff';
import { Unmapped } from './dom-mount.js';

/** What the row functions use of the patcher. */
export interface RowPatcher {
  /** The element of a row, when the row is one element the client has mapped in `parent`. */
  rowElement(row: RenderedNode, parent: Element): Element | undefined;
  /** A new row's element, mapped; undefined when the row is not one element. */
  createRow(row: RenderedNode): Element | undefined;
  /** Morphs a row's element to the row and maps it again. */
  replaceRow(el: Element, row: RenderedNode): void;
  /** Patches a row in place, or morphs it when its own top level changed. */
  updateRow(el: Element, before: RenderedNode, after: RenderedNode, change: DynPatch): void;
  /** Patches an instance whose top level sits in `host`; false when that must be morphed. */
  node(old: RenderedNode, next: RenderedNode, patch: DynPatch, host: Element): boolean;
  /** Runs beforeUpdate for `el` and its ancestors. */
  touch(el: Element | null): void;
}

/** A keyed patch in `parent`, by the container's lv-update mode. */
export function patchKeyed(
  p: RowPatcher,
  old: RenderedKeyed,
  next: RenderedKeyed,
  patch: KeyedPatch,
  parent: Element,
): boolean {
  const mode = updateModeOf(parent.getAttribute('lv-update'));
  if (mode === 'append' || mode === 'prepend') {
    return patchStream(p, old, next, patch, parent, mode);
  }
  if (patch.removed.length === 0 && patch.placed.length === 0) {
    // Rows changed in place: the keys keep their positions, no index is needed, and a
    // row need not be one element to be patched where it is.
    for (const [key, change] of patch.updated) {
      const i = old.keys.indexOf(key);
      const before = old.rows[i] as RenderedNode;
      const after = next.rows[i] as RenderedNode;
      if (p.node(before, after, change, parent)) continue;
      const el = p.rowElement(before, parent);
      if (el === undefined) return false;
      p.replaceRow(el, after);
    }
    return true;
  }
  const index = new Map<string, number>();
  for (let i = 0; i < old.keys.length; i++) index.set(old.keys[i] as string, i);
  const oldRow = (key: string) => old.rows[index.get(key) as number] as RenderedNode;
  // Everything is checked before the DOM changes: a list that cannot be followed is morphed.
  const removed = new Set(patch.removed);
  const placed: Array<[Element, string | null]> = [];
  const els = new Map<string, Element>();
  const active = document.activeElement;
  for (const [key, after, row] of patch.placed) {
    const el = row ? p.createRow(row) : p.rowElement(oldRow(key), parent);
    if (el === undefined || (row === undefined && active && el.contains(active))) return false;
    placed.push([el, after]);
    els.set(key, el);
  }
  // The first row that stays in the DOM: a row placed first goes before it.
  let head: Element | undefined;
  for (let i = 0; i < old.keys.length; i++) {
    if (removed.has(old.keys[i] as string)) continue;
    head = p.rowElement(old.rows[i] as RenderedNode, parent);
    break;
  }
  if (placed.length > 0 && head === undefined) return false;
  const gone: Element[] = [];
  for (const key of removed) {
    const el = p.rowElement(oldRow(key), parent);
    if (el === undefined) return false;
    gone.push(el);
  }
  const elementOf = (key: string) => els.get(key) ?? p.rowElement(oldRow(key), parent);
  for (const [key] of patch.updated) if (elementOf(key) === undefined) return false;

  if (gone.length > 0 || placed.length > 0) p.touch(parent);
  for (const el of gone) el.remove();
  for (const [el, after] of placed) {
    const anchor = after === null ? head : elementOf(after)?.nextSibling;
    if (anchor === undefined) throw new Unmapped();
    if (after === null) head = el;
    if (el !== anchor) parent.insertBefore(el, anchor);
  }
  if (patch.updated.length > 0) {
    const at = new Map<string, number>();
    for (let i = 0; i < next.keys.length; i++) at.set(next.keys[i] as string, i);
    for (const [key, change] of patch.updated) {
      const after = next.rows[at.get(key) as number] as RenderedNode;
      const before = patch.placed.find(([k]) => k === key)?.[2] ?? oldRow(key);
      p.updateRow(elementOf(key) as Element, before, after, change);
    }
  }
  return true;
}

/** lv-update="append"/"prepend": new rows are added (or update the row with their id). */
function patchStream(
  p: RowPatcher,
  old: RenderedKeyed,
  next: RenderedKeyed,
  patch: KeyedPatch,
  parent: Element,
  mode: 'append' | 'prepend',
): boolean {
  const byId = new Map<string, Element>();
  for (const child of parent.children) if (child.id) byId.set(child.id, child);
  const plan = planStream(mode, (id) => byId.has(id), incomingRows(patch), rowId);
  const created = plan.insert.map((row) => p.createRow(row));
  if (created.includes(undefined)) return false;
  p.touch(parent);
  for (const [id, row] of plan.update) p.replaceRow(byId.get(id) as Element, row);
  const anchor = plan.at === 'start' ? parent.firstChild : null;
  for (const el of created) parent.insertBefore(el as Element, anchor);
  if (patch.updated.length > 0) {
    const was = new Map(old.keys.map((key, i) => [key, old.rows[i] as RenderedNode]));
    const now = new Map(next.keys.map((key, i) => [key, next.rows[i] as RenderedNode]));
    for (const [key, change] of patch.updated) {
      const before = was.get(key);
      const after = now.get(key) as RenderedNode;
      const el = before && p.rowElement(before, parent);
      if (before && el) p.updateRow(el, before, after, change);
      else {
        const id = rowId(after);
        const shown = id === undefined ? undefined : byId.get(id);
        if (shown) p.replaceRow(shown, after);
      }
    }
  }
  return true;
}

/** A list by position: items change in place, new ones follow the last, extra ones go. */
export function patchList(
  p: RowPatcher,
  old: RenderedList,
  next: RenderedList,
  patch: SlotsPatch,
  parent: Element,
): boolean {
  const items = old.items.map((item) => p.rowElement(item, parent));
  const kept = Math.min(old.items.length, next.items.length);
  if (items.includes(undefined) || (kept === 0 && next.items.length > 0)) return false;
  const created = new Map<number, Element>();
  for (const [i] of patch.slots) {
    if (i < kept) continue;
    const el = p.createRow(next.items[i] as RenderedNode);
    if (el === undefined) return false;
    created.set(i, el);
  }
  if (old.items.length !== next.items.length) p.touch(parent);
  for (const el of items.slice(kept)) el?.remove();
  let last = items[kept - 1] as Element;
  for (const [i, change] of patch.slots) {
    const el = created.get(i);
    if (el === undefined) {
      const before = old.items[i] as RenderedNode;
      p.updateRow(items[i] as Element, before, next.items[i] as RenderedNode, change);
      continue;
    }
    last.after(el);
    last = el;
  }
  return true;
}
