/**
 * Turns the children of a live element into new server HTML while keeping every DOM node
 * that can stay: focus, caret, scroll position and hook state live on those nodes.
 * Children are matched by id when they have one, else by position and tag.
 */

import { planStream, updateModeOf } from '@kinetic/diff';
import { holdsNewerInput } from './forms.js';
import { reconciling, restick } from './js.js';

/** Callbacks around each element that changes; the view uses them for hooks and loading state. */
export interface MorphObserver {
  beforeUpdate(el: Element): void;
  afterUpdate(el: Element): void;
}

/** Morphs `root`'s children to `html`. The root element itself is left as it is. */
export function morphChildren(root: Element, html: string, observer: MorphObserver): void {
  patchChildren(root, parseHtml(html), observer);
}

/** The nodes `html` parses to, in an inert fragment. */
export function parseHtml(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
}

type Parent = Element | DocumentFragment;

/** Morphs the children of `from` to those of `to` (which it takes nodes from). */
export function patchChildren(from: Element, to: Parent, observer: MorphObserver): void {
  const mode = updateModeOf(from.getAttribute('lv-update'));
  if (mode === 'append' || mode === 'prepend') {
    patchStream(from, to, mode, observer);
    return;
  }
  const byId = new Map<string, Element>();
  for (const child of from.children) if (child.id) byId.set(child.id, child);
  const kept = new Set<ChildNode>();
  const skipped: ChildNode[] = [];
  let cursor = from.firstChild;
  // Everything before `cursor` is final, but for `skipped`; what is left from it on at the
  // end is removed.
  for (const next of Array.from(to.childNodes)) {
    let match: ChildNode | null | undefined;
    const id = next instanceof Element ? next.id : '';
    if (id) {
      match = byId.get(id);
      if (match && match.nodeName !== next.nodeName) match = undefined;
      byId.delete(id);
    } else if (cursor && compatible(cursor, next)) {
      match = cursor;
    }
    if (!match) {
      from.insertBefore(next, cursor);
      continue;
    }
    kept.add(match);
    if (match === cursor) {
      cursor = cursor.nextSibling;
    } else if (cursor && match.contains(document.activeElement) && follows(match, cursor)) {
      // Moving a node blurs the focus inside it: step over the nodes before it instead;
      // they are moved into place later, or removed.
      for (let n: ChildNode | null = cursor; n && n !== match; n = n.nextSibling) skipped.push(n);
      cursor = match.nextSibling;
    } else {
      from.insertBefore(match, cursor);
    }
    patchNode(match, next, observer);
  }
  for (const node of skipped) if (!kept.has(node)) node.remove();
  while (cursor) {
    const after: ChildNode | null = cursor.nextSibling;
    cursor.remove();
    cursor = after;
  }
}

const follows = (node: Node, other: Node) =>
  (other.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;

const compatible = (node: ChildNode, next: ChildNode) =>
  node.nodeType === next.nodeType &&
  node.nodeName === next.nodeName &&
  !(node instanceof Element && node.id);

/**
 * lv-update="append"/"prepend": the server sends only new or changed rows, so existing
 * rows stay; a row whose id is already there is updated in place.
 */
function patchStream(
  from: Element,
  to: Parent,
  mode: 'append' | 'prepend',
  observer: MorphObserver,
): void {
  const byId = new Map<string, Element>();
  for (const child of from.children) if (child.id) byId.set(child.id, child);
  const plan = planStream(
    mode,
    (id) => byId.has(id),
    Array.from(to.children),
    (el) => el.id,
  );
  for (const [id, next] of plan.update) patchNode(byId.get(id) as Element, next, observer);
  const anchor = plan.at === 'start' ? from.firstChild : null;
  for (const next of plan.insert) from.insertBefore(next, anchor);
}

/** Morphs one node to `next`, children and all. */
export function patchNode(node: ChildNode, next: ChildNode, observer: MorphObserver): void {
  if (!(node instanceof Element)) {
    if (node.nodeValue !== next.nodeValue || reconciling.on) node.nodeValue = next.nodeValue;
    return;
  }
  // A nested view root belongs to its own view; lv-update="ignore" belongs to the page.
  if (node.hasAttribute('data-live-view') || node.getAttribute('lv-update') === 'ignore') return;
  // While a reply reconciles optimistic commands, every node the server renders is written
  // (see js.ts): a page that already shows the server's value must still count as written.
  if (!reconciling.on && node.isEqualNode(next)) return;
  const el = next as Element;
  observer.beforeUpdate(node);
  const restore = node === document.activeElement ? keepUserState(node) : undefined;
  patchAttributes(node, el, restore !== undefined);
  restick(node);
  if (node instanceof HTMLTextAreaElement) {
    const text = el.textContent ?? '';
    if (node.defaultValue !== text) {
      node.defaultValue = text;
      if (!restore) node.value = text;
    }
  } else {
    patchChildren(node, el, observer);
  }
  restore?.();
  observer.afterUpdate(node);
}

/**
 * The field the user is in keeps what they typed, their caret and selection, while its
 * attributes (and so its defaults) follow the server. Returns the function that puts the
 * user's state back if an update moved it.
 */
export function keepUserState(el: Element): (() => void) | undefined {
  if (el instanceof HTMLSelectElement) {
    const selected = Array.from(el.options, (o) => o.selected);
    return () => {
      for (const [i, option] of Array.from(el.options).entries()) option.selected = !!selected[i];
    };
  }
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return undefined;
  const { value, selectionStart, selectionEnd, selectionDirection } = el;
  const checked = el instanceof HTMLInputElement && el.checked;
  return () => {
    if (el instanceof HTMLInputElement && el.checked !== checked) el.checked = checked;
    if (el.value === value) return;
    el.value = value;
    // Types without a selection (number, email) report null and refuse setSelectionRange.
    if (selectionStart !== null && selectionEnd !== null) {
      el.setSelectionRange(selectionStart, selectionEnd, selectionDirection ?? undefined);
    }
  };
}

function patchAttributes(el: Element, next: Element, focused: boolean): void {
  for (const name of el.getAttributeNames()) {
    if (next.hasAttribute(name)) continue;
    el.removeAttribute(name);
    if (!focused) syncProperty(el, name, null);
  }
  for (const name of next.getAttributeNames()) {
    const value = next.getAttribute(name) as string;
    if (el.getAttribute(name) === value && !reconciling.on) continue;
    el.setAttribute(name, value);
    if (!focused) syncProperty(el, name, value);
  }
}

/**
 * Once the user has touched a field its attribute is only its default: when the server
 * changes the attribute, the live property follows.
 */
export function syncProperty(el: Element, name: string, value: string | null): void {
  if (holdsNewerInput(el)) return;
  if (el instanceof HTMLInputElement) {
    // A file field's value is the user's files; scripts may only clear it.
    if (name === 'value' && el.type !== 'file') el.value = value ?? '';
    else if (name === 'checked') el.checked = value !== null;
  } else if (el instanceof HTMLOptionElement && name === 'selected') {
    // The user's choice in an open (focused) list wins over the server's.
    if (el.closest('select') !== document.activeElement) el.selected = value !== null;
  }
}
