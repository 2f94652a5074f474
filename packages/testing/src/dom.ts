import { selectAll } from 'css-select';
import { type Document, type Element, isTag, type ParentNode } from 'domhandler';
import { getInnerHTML, getOuterHTML, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { badSelector, manyMatches, noMatch } from './errors.js';

export type { Element };

/** Text as a user reads it: whitespace runs collapsed, ends trimmed. */
export const readableText = (node: Element | Document): string =>
  textContent(node).replace(/\s+/g, ' ').trim();

/** Serialized as written: only markup characters escaped, the rest left readable. */
const SERIALIZE = { encodeEntities: 'utf8' } as const;

export const outerHtml = (el: Element): string => getOuterHTML(el, SERIALIZE);

export const attr = (el: Element, name: string): string | undefined => el.attribs[name];

export const hasAttr = (el: Element, name: string): boolean => name in el.attribs;

/** The element itself or its closest ancestor that passes `test`, as Element.closest does. */
export function closest(el: Element, test: (el: Element) => boolean): Element | undefined {
  for (let node: ParentNode | null = el; node !== null; node = node.parent) {
    if (isTag(node) && test(node)) return node;
  }
  return undefined;
}

/** Every element in document order. */
export function allElements(root: ParentNode): Element[] {
  const out: Element[] = [];
  const walk = (node: ParentNode) => {
    for (const child of node.children) {
      if (!isTag(child)) continue;
      out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}

/**
 * The DOM a test reads: HTML parsed by htmlparser2 (as a browser would tokenize it),
 * queried with css-select. `root` is what html() shows: a view's root element, or the
 * whole fragment of a component.
 */
export class Dom {
  readonly document: Document;
  readonly root: Element | Document;

  constructor(html: string, rootSelector?: string) {
    this.document = parseDocument(html);
    this.root = (rootSelector && this.all(rootSelector)[0]) || this.document;
  }

  /** Every element matching `selector`, in document order. */
  all(selector: string): Element[] {
    try {
      return selectAll<ParentNode, Element>(selector, this.document);
    } catch (error) {
      throw badSelector(selector, error);
    }
  }

  /** The one element matching `selector`; a helpful error when there is none or several. */
  one(selector: string): Element {
    const found = this.all(selector);
    if (found.length === 1) return found[0] as Element;
    if (found.length === 0) throw noMatch(selector, this.innerHtml());
    throw manyMatches(selector, found.map(outerHtml));
  }

  innerHtml(): string {
    return getInnerHTML(this.root, SERIALIZE);
  }
}
