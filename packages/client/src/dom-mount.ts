import type { Dyn, RenderedNode } from '@kinetic/diff';
import { type Item, type Shape, shapeOf } from './dom-shape.js';

/**
 * Where one template instance sits in the DOM. Found once by walking the DOM beside the
 * tree (after a morph), then kept up to date by the patches applied through it.
 */
export interface Mount {
  /** The DOM element of each static element of the template. */
  readonly els: Element[];
  /** By slot: the text node its run of text makes, when it makes one. */
  readonly runs: Array<Run | undefined>;
  /** By content (0: top level, k + 1: element k): true when the DOM could not be followed there. */
  readonly opaque: boolean[];
}

/** Static text and text slots the parser merged into one text node. */
export interface Run {
  readonly node: Text;
  readonly items: Item[];
}

const SPACE = /^\s*$/;

/** Thrown when only a morph of the whole view can bring the DOM in line. */
export class Unmapped extends Error {}

export const newMount = (): Mount => ({ els: [], runs: [], opaque: [] });
const FAIL = false;
/** The node after what a walk mapped, or FAIL when the DOM is not what the tree renders. */
export type Cursor = ChildNode | null | typeof FAIL;

/** Content the view leaves to someone else: a nested view's, or lv-update="ignore". */
export const frozen = (el: Element) =>
  el.hasAttribute('data-live-view') || el.getAttribute('lv-update') === 'ignore';

let decoder: HTMLTextAreaElement | undefined;
/** The text an escaped HTML fragment (no tags) stands for. */
export function decode(html: string): string {
  if (!html.includes('&')) return html;
  decoder ??= document.createElement('textarea');
  decoder.innerHTML = html;
  return decoder.value;
}

/**
 * The mounts of one tree: which DOM each template instance rendered. Mapping walks the DOM
 * beside the tree and expects exactly what the tree renders; where the DOM differs, the
 * content is marked opaque rather than guessed at.
 */
export class DomMap {
  private readonly mounts = new WeakMap<RenderedNode, Mount>();
  /** Nodes mapped in this pass: one met twice is in two places at once. */
  private walked = new WeakSet<RenderedNode>();

  get(node: RenderedNode): Mount | undefined {
    return this.mounts.get(node);
  }

  /** The instance `next` took the place of `old`'s DOM. */
  moved(next: RenderedNode, mount: Mount): void {
    this.mounts.set(next, mount);
  }

  /** Starts a pass (a patch): nodes may be mapped again. */
  pass(): void {
    this.walked = new WeakSet();
  }

  /** Maps an instance onto the nodes from `at` on; returns the node after it, or FAIL. */
  walkNode(node: RenderedNode, parent: Node, at: ChildNode | null): Cursor {
    const shape = shapeOf(node.t);
    if (shape === null) return FAIL;
    if (this.walked.has(node)) {
      // One node object shown twice (a row rendered in two lists) has no single place.
      const first = this.mounts.get(node);
      if (first) first.opaque[0] = true;
      return FAIL;
    }
    this.walked.add(node);
    const mount = newMount();
    this.mounts.set(node, mount);
    const next = this.walk(node, shape, mount, shape.content[0] as Item[], parent, at);
    mount.opaque[0] = next === FAIL;
    return next;
  }

  walk(
    node: RenderedNode,
    shape: Shape,
    mount: Mount,
    items: Item[],
    parent: Node,
    start: ChildNode | null,
  ): Cursor {
    let at: Cursor = start;
    let text = '';
    let run: Item[] = [];
    const flush = (): boolean => {
      if (run.length === 0) return true;
      let found: Run | undefined;
      if (at instanceof Text && at.data === text && text !== '') {
        found = { node: at, items: run };
        at = at.nextSibling;
      } else if (run.some((item) => typeof item === 'number') || !SPACE.test(text)) {
        if (text !== '') return false;
      } else if (at instanceof Text && SPACE.test(at.data)) {
        // Static white space between rows merges with the next row's: nothing maps it.
        at = at.nextSibling;
      }
      for (const item of run) if (typeof item === 'number') mount.runs[item] = found;
      text = '';
      run = [];
      return true;
    };
    for (const item of items) {
      if (typeof item === 'string') {
        text += item;
        run.push(item);
        continue;
      }
      if (item !== null && item >= 0) {
        const value = node.d[item] as Dyn;
        if (typeof value === 'string' && !value.includes('<')) {
          text += decode(value);
          run.push(item);
          continue;
        }
        mount.runs[item] = undefined;
        if (!flush() || typeof value === 'string') return FAIL;
        const rows =
          value.kind === 'node' ? [value] : value.kind === 'list' ? value.items : value.rows;
        for (const row of rows) {
          at = this.walkNode(row, parent, at);
          if (at === FAIL) return FAIL;
        }
        continue;
      }
      if (!flush()) return FAIL;
      if (item === null) {
        if (!(at instanceof Comment)) return FAIL;
        at = at.nextSibling;
        continue;
      }
      const k = ~item;
      if (!(at instanceof Element) || at.tagName !== shape.tags[k]) return FAIL;
      mount.els[k] = at;
      mount.opaque[k + 1] =
        !frozen(at) &&
        this.walk(node, shape, mount, shape.content[k + 1] as Item[], at, at.firstChild) !== null;
      at = at.nextSibling;
    }
    return flush() ? at : FAIL;
  }
}
