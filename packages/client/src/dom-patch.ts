import { type Dyn, type DynPatch, isNode, type RenderedNode, renderToString } from '@kinetic/diff';
import { DomMap, decode, frozen, type Mount, newMount, Unmapped } from './dom-mount.js';
import { patchKeyed, patchList, type RowPatcher } from './dom-rows.js';
import { type Item, type Shape, type SlotShape, shapeOf } from './dom-shape.js';
import { report } from './errors.js';
import { reconciling, restick } from './js.js';
import {
  keepUserState,
  type MorphObserver,
  parseHtml,
  patchChildren,
  patchNode,
  syncProperty,
} from './morph.js';

/**
 * Applies patches to the DOM of one view where the tree says what changed: a text slot
 * sets one text node, an attribute slot one attribute, a keyed move moves one element.
 * What it cannot place it morphs, as small a region as it can: an element's children, or
 * (the caller's fallback) the whole view.
 */
export class DomPatcher implements RowPatcher {
  private map = new DomMap();
  private mapped = false;
  private touched = new Set<Element>();

  constructor(
    private readonly root: Element,
    private readonly observer: MorphObserver,
  ) {}

  /** Maps `tree` onto the root's children, which show it (after a full morph). */
  hydrate(tree: Dyn): void {
    this.map = new DomMap();
    this.mapped = isNode(tree) && this.map.walkNode(tree, this.root, this.root.firstChild) === null;
  }

  /** Forgets the mapping: the next patch falls back to a morph, which maps again. */
  unmap(): void {
    this.mapped = false;
  }

  /**
   * Brings the DOM from `old` to `next` along `patch`. Returns false, having maybe changed
   * part of the DOM, when the whole view must be morphed to `next`.
   */
  patch(old: Dyn, next: Dyn, patch: DynPatch): boolean {
    let done = false;
    this.map.pass();
    try {
      done = this.mapped && isNode(old) && isNode(next) && this.node(old, next, patch, this.root);
    } catch (error) {
      // A fault here must cost a morph of the view, not the page's connection.
      if (!(error instanceof Unmapped)) report(error);
    } finally {
      for (const el of this.touched) this.observer.afterUpdate(el);
      this.touched.clear();
    }
    return done;
  }

  /** Runs beforeUpdate for `el` and its ancestors in the view, once per patch. */
  touch(el: Element | null): void {
    const chain: Element[] = [];
    for (let at = el; at && at !== this.root && !this.touched.has(at); at = at.parentElement) {
      chain.push(at);
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const at = chain[i] as Element;
      this.touched.add(at);
      this.observer.beforeUpdate(at);
    }
  }

  // -------------------------------------------------------------------------------------
  // Applying patches.

  /**
   * Patches one instance in place; false when its top level must be morphed by its parent.
   * `host` is the element its top level sits in.
   */
  node(old: RenderedNode, next: RenderedNode, patch: DynPatch, host: Element): boolean {
    if (typeof patch === 'string' || patch.kind !== 'slots' || old.t !== next.t) return false;
    const mount = this.map.get(old);
    const shape = shapeOf(next.t);
    if (mount === undefined || shape === null || mount.opaque[0]) return false;
    this.map.moved(next, mount);
    const regions = new Set<number>();
    const attributes = new Set<SlotShape & { kind: 'attr' }>();
    for (const [i, change] of patch.slots) {
      const slot = shape.slots[i] as SlotShape;
      const region = this.regionOf(shape, mount, slot);
      if (region === undefined) continue;
      if (region >= 0) regions.add(region);
      else if (slot.kind === 'attr') attributes.add(slot);
      else if (slot.kind === 'tag') this.tag(mount.els[slot.el] as Element, old.d[i], next.d[i]);
      else if (
        slot.kind === 'other' ||
        !this.child(old, next, mount, i, change, slot.el < 0 ? host : mount.els[slot.el])
      ) {
        regions.add(slot.el + 1);
      }
    }
    if (regions.has(0)) return false;
    for (const slot of attributes) {
      let value = '';
      for (const part of slot.parts) {
        value += typeof part === 'number' ? decode(next.d[part] as string) : part;
      }
      this.setAttribute(mount.els[slot.el] as Element, slot.name, value);
    }
    for (const region of regions) {
      // A region inside another that is morphed anyway needs no morph of its own.
      let outer = false;
      for (let k = shape.parents[region - 1] as number; k >= 0; k = shape.parents[k] as number) {
        if (regions.has(k + 1)) outer = true;
      }
      if (!outer) this.morphRegion(next, shape, mount, region - 1);
    }
    return true;
  }

  /**
   * Where a slot's change must go: undefined when nowhere (inside a nested view or
   * lv-update="ignore"), the content to morph (k + 1 for element k) when the DOM there
   * could not be followed, else -1: patch it in place.
   */
  private regionOf(shape: Shape, mount: Mount, slot: SlotShape): number | undefined {
    let region = -1;
    let broken = false;
    const own = slot.kind === 'child' || slot.kind === 'other';
    for (let k = slot.el; ; k = shape.parents[k] as number) {
      if ((own || k !== slot.el) && mount.opaque[k + 1]) {
        // What lies inside a region that is morphed need not be mapped.
        region = k + 1;
        broken = false;
      }
      if (k < 0) break;
      const el = mount.els[k];
      if (el === undefined || !el.isConnected) broken = true;
      else if (frozen(el)) return undefined;
    }
    if (broken) throw new Unmapped();
    return region;
  }

  /**
   * A text slot, or a nested node or list, in `parent`; false when the content holding it
   * must be morphed.
   */
  private child(
    old: RenderedNode,
    next: RenderedNode,
    mount: Mount,
    i: number,
    change: DynPatch,
    parent: Element | undefined,
  ): boolean {
    const before = old.d[i] as Dyn;
    const after = next.d[i] as Dyn;
    if (typeof after === 'string') {
      const run = mount.runs[i];
      if (typeof before !== 'string' || after.includes('<') || !run?.node.parentNode) return false;
      let text = '';
      for (const item of run.items) {
        text += typeof item === 'number' ? decode(next.d[item] as string) : item;
      }
      if (text === '') return false;
      if (run.node.data !== text || reconciling.on) {
        this.touch(run.node.parentElement);
        run.node.data = text;
      }
      return true;
    }
    if (typeof before === 'string' || typeof change === 'string' || parent === undefined) {
      return false;
    }
    if (after.kind === 'node') {
      return before.kind === 'node' && this.node(before, after, change, parent);
    }
    if (change.kind === 'node') return false;
    if (after.kind === 'keyed') {
      return before.kind === 'keyed' && change.kind === 'keyedPatch'
        ? patchKeyed(this, before, after, change, parent)
        : false;
    }
    return before.kind === 'list' && change.kind === 'slots'
      ? patchList(this, before, after, change, parent)
      : false;
  }

  private setAttribute(el: Element, name: string, value: string | null): void {
    if (el.getAttribute(name) !== value || reconciling.on) {
      this.touch(el);
      const restore = el === document.activeElement ? keepUserState(el) : undefined;
      if (value === null) el.removeAttribute(name);
      else el.setAttribute(name, value);
      if (!restore) syncProperty(el, name, value);
      restore?.();
    }
    // What JS commands set there stays, unless the server changed it.
    restick(el, name);
  }

  /** Whole attributes or an attribute list: the attributes the old value set and the new one sets. */
  private tag(el: Element, before: Dyn | undefined, after: Dyn | undefined): void {
    const was = attributesOf(before);
    const now = attributesOf(after);
    for (const name of was.keys()) if (!now.has(name)) this.setAttribute(el, name, null);
    for (const [name, value] of now)
      if (was.get(name) !== value) this.setAttribute(el, name, value);
  }

  // -------------------------------------------------------------------------------------
  // Rows.

  /** The element of a row, when the row is one element the client has mapped. */
  rowElement(row: RenderedNode, parent: Element): Element | undefined {
    const mount = this.map.get(row);
    const el = mount?.els[0];
    return mount && !mount.opaque[0] && shapeOf(row.t)?.single && el?.parentNode === parent
      ? el
      : undefined;
  }

  /** A new row's element, mapped; undefined when the row is not one element. */
  createRow(row: RenderedNode): Element | undefined {
    if (!shapeOf(row.t)?.single) return undefined;
    const fragment = parseHtml(renderToString(row));
    const el = fragment.firstChild;
    return el instanceof Element && this.map.walkNode(row, fragment, el) === null ? el : undefined;
  }

  /** Morphs a row's element to the row and maps it again. */
  replaceRow(el: Element, row: RenderedNode): void {
    const fragment = parseHtml(renderToString(row));
    const next = fragment.firstElementChild;
    if (next === null || fragment.childNodes.length !== 1) throw new Unmapped();
    this.touch(el.parentElement);
    patchNode(el, next, this.observer);
    this.map.walkNode(row, el.parentNode as Node, el);
  }

  /** Patches a row in place, or morphs it when its own top level changed. */
  updateRow(el: Element, before: RenderedNode, after: RenderedNode, change: DynPatch): void {
    if (!this.node(before, after, change, el.parentElement as Element)) this.replaceRow(el, after);
  }

  // -------------------------------------------------------------------------------------
  // Morphing what could not be placed.

  /** Morphs the children of element k of an instance to the instance's render, and maps them again. */
  private morphRegion(node: RenderedNode, shape: Shape, mount: Mount, k: number): void {
    const live = mount.els[k] as Element;
    // Only slots inside element k are rendered: the rest of the instance costs nothing.
    const d = node.d.map((value, i) => (inside(shape, i, k) ? value : ''));
    const partial: RenderedNode = { kind: 'node', t: node.t, d };
    const fragment = parseHtml(renderToString(partial));
    const found = newMount();
    // A map of its own: mapping the fragment must not replace the mounts of the live DOM.
    new DomMap().walk(
      partial,
      shape,
      found,
      shape.content[0] as Item[],
      fragment,
      fragment.firstChild,
    );
    const target = found.els[k];
    if (target === undefined) throw new Unmapped();
    this.touch(live);
    patchChildren(live, target, this.observer);
    mount.opaque[k + 1] =
      this.map.walk(node, shape, mount, shape.content[k + 1] as Item[], live, live.firstChild) !==
      null;
  }
}

/** True when slot i lands inside element k's content. */
function inside(shape: Shape, i: number, k: number): boolean {
  const slot = shape.slots[i] as SlotShape;
  let at = slot.kind === 'child' || slot.kind === 'other' ? slot.el : shape.parents[slot.el];
  for (; at !== undefined && at >= 0; at = shape.parents[at]) if (at === k) return true;
  return false;
}

/** The attributes a whole-attribute or attribute-list value renders. */
function attributesOf(value: Dyn | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value !== 'string' || value === '') return out;
  const el = parseHtml(`<i${value}>`).firstElementChild;
  if (el) for (const name of el.getAttributeNames()) out.set(name, el.getAttribute(name) as string);
  return out;
}
