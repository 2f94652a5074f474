/**
 * Turns the children of a live element into new server HTML while keeping every DOM node
 * that can stay: focus, caret, scroll position and hook state live on those nodes.
 * Children are matched by id when they have one, else by position and tag.
 */

/** Callbacks around each element that changes; the view uses them for hooks and loading state. */
export interface MorphObserver {
  beforeUpdate(el: Element): void;
  afterUpdate(el: Element): void;
}

/** Morphs `root`'s children to `html`. The root element itself is left as it is. */
export function morphChildren(root: Element, html: string, observer: MorphObserver): void {
  const template = document.createElement('template');
  template.innerHTML = html;
  patchChildren(root, template.content, observer);
}

type Parent = Element | DocumentFragment;

function patchChildren(from: Element, to: Parent, observer: MorphObserver): void {
  const mode = from.getAttribute('lv-update');
  if (mode === 'append' || mode === 'prepend') return patchStream(from, to, mode, observer);
  const byId = new Map<string, Element>();
  for (const child of from.children) if (child.id) byId.set(child.id, child);
  let cursor = from.firstChild;
  // Everything before `cursor` is final; what is left from it on at the end is removed.
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
    if (match === cursor) cursor = cursor.nextSibling;
    else from.insertBefore(match, cursor);
    patchNode(match, next, observer);
  }
  while (cursor) {
    const after: ChildNode | null = cursor.nextSibling;
    cursor.remove();
    cursor = after;
  }
}

const compatible = (node: ChildNode, next: ChildNode) =>
  node.nodeType === next.nodeType &&
  node.nodeName === next.nodeName &&
  !(node instanceof Element && node.id);

/**
 * lv-update="append"/"prepend": the server sends only new or changed rows, so existing
 * rows stay; a row whose id is already there is updated in place.
 */
function patchStream(from: Element, to: Parent, mode: string, observer: MorphObserver): void {
  const byId = new Map<string, Element>();
  for (const child of from.children) if (child.id) byId.set(child.id, child);
  const anchor = mode === 'prepend' ? from.firstChild : null;
  for (const next of Array.from(to.children)) {
    const existing = next.id ? byId.get(next.id) : undefined;
    if (existing) patchNode(existing, next, observer);
    else from.insertBefore(next, anchor);
  }
}

function patchNode(node: ChildNode, next: ChildNode, observer: MorphObserver): void {
  if (!(node instanceof Element)) {
    if (node.nodeValue !== next.nodeValue) node.nodeValue = next.nodeValue;
    return;
  }
  // A nested view root belongs to its own view; lv-update="ignore" belongs to the page.
  if (node.hasAttribute('data-live-view') || node.getAttribute('lv-update') === 'ignore') return;
  if (node.isEqualNode(next)) return;
  const el = next as Element;
  observer.beforeUpdate(node);
  const focused = isFocused(node);
  patchAttributes(node, el, focused);
  if (node instanceof HTMLTextAreaElement) {
    const text = el.textContent ?? '';
    // The user's text in a focused field wins; the server's arrives once they leave it.
    if (!focused && node.defaultValue !== text) {
      node.defaultValue = text;
      node.value = text;
    }
  } else {
    patchChildren(node, el, observer);
  }
  observer.afterUpdate(node);
}

function isFocused(el: Element): boolean {
  const active = document.activeElement;
  return active === el || (el instanceof HTMLOptionElement && active === el.closest('select'));
}

function patchAttributes(el: Element, next: Element, focused: boolean): void {
  for (const name of el.getAttributeNames()) {
    if (next.hasAttribute(name)) continue;
    if (focused && name === 'value') continue;
    el.removeAttribute(name);
    syncProperty(el, name, null, focused);
  }
  for (const name of next.getAttributeNames()) {
    const value = next.getAttribute(name) as string;
    if (el.getAttribute(name) === value || (focused && name === 'value')) continue;
    el.setAttribute(name, value);
    syncProperty(el, name, value, focused);
  }
}

/**
 * A field's attribute is only its default once the user has touched it; when the server
 * changes the attribute, the live property follows, unless the user is in that field.
 */
function syncProperty(el: Element, name: string, value: string | null, focused: boolean): void {
  if (focused) return;
  if (el instanceof HTMLInputElement) {
    if (name === 'value') el.value = value ?? '';
    else if (name === 'checked') el.checked = value !== null;
  } else if (el instanceof HTMLOptionElement && name === 'selected') {
    el.selected = value !== null;
  }
}
