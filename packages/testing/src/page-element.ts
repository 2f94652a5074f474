/**
 * The harness's parsed HTML as @kinetic/protocol/page reads a page: the same interface a
 * browser's elements have, so bindings and forms resolve here by the browser's own rules.
 */
import type { PageField } from '@kinetic/protocol/page';
import { is } from 'css-select';
import { isTag } from 'domhandler';
import { attr, type Dom, type Element, hasAttr } from './dom.js';
import type { FormValues } from './form.js';
import { domValue, formOf, inputType, optionValue, selectedOptions } from './form.js';

/** What the user typed into or picked in a field, as a test states it. */
export type FieldValue = FormValues[string];

const TYPES: Record<string, (el: Element) => string> = {
  input: inputType,
  button: (el) => (attr(el, 'type') ?? 'submit').toLowerCase(),
  select: (el) => (hasAttr(el, 'multiple') ? 'select-multiple' : 'select-one'),
  textarea: () => 'textarea',
};

/** One element of the page, with the state the test gave its field (if any). */
export class TestElement implements PageField {
  constructor(
    readonly page: PageView,
    readonly node: Element,
  ) {}

  get tagName(): string {
    return this.node.name.toUpperCase();
  }

  get parentElement(): TestElement | null {
    const parent = this.node.parent;
    return parent !== null && isTag(parent) ? this.page.of(parent) : null;
  }

  getAttribute(name: string): string | null {
    return attr(this.node, name) ?? null;
  }

  hasAttribute(name: string): boolean {
    return hasAttr(this.node, name);
  }

  getAttributeNames(): string[] {
    return Object.keys(this.node.attribs);
  }

  closest(selector: string): TestElement | null {
    for (let up: TestElement | null = this; up !== null; up = up.parentElement) {
      if (is(up.node, selector)) return up;
    }
    return null;
  }

  get name(): string {
    return attr(this.node, 'name') ?? '';
  }

  get type(): string {
    return TYPES[this.node.name]?.(this.node) ?? '';
  }

  get disabled(): boolean {
    return hasAttr(this.node, 'disabled');
  }

  get form(): TestElement | null {
    const form = formOf(this.page.dom, this.node);
    return form === undefined ? null : this.page.of(form);
  }

  /** The rendered value, or what the test typed. */
  get value(): string {
    const typed = this.typed();
    if (typed === undefined || typeof typed === 'boolean' || typed === null) {
      return domValue(this.node);
    }
    return Array.isArray(typed) ? String(typed[0] ?? '') : String(typed);
  }

  /** Rendered `checked`, or what the test set: `true`/`false`, a value checks it. */
  get checked(): boolean {
    const typed = this.typed();
    if (typed === undefined) return hasAttr(this.node, 'checked');
    return typed !== false && typed !== null;
  }

  get selectedOptions(): { value: string }[] {
    if (this.node.name !== 'select') return [];
    const typed = this.typed();
    if (typed !== undefined && typed !== null && typeof typed !== 'boolean') {
      return (Array.isArray(typed) ? typed : [typed]).map((value) => ({ value: String(value) }));
    }
    return selectedOptions(this.node).map((option) => ({ value: optionValue(option) }));
  }

  /** A file field in a test holds no file; uploads travel separately. */
  get files(): { name: string }[] {
    return [];
  }

  private typed(): FieldValue | undefined {
    return this.page.typed.get(this.node);
  }
}

/**
 * The page for one interaction: wraps each element once (so identity holds, as in a DOM)
 * and carries what the test says the user typed, by field.
 */
export class PageView {
  private readonly wrapped = new WeakMap<Element, TestElement>();
  readonly typed = new Map<Element, FieldValue>();

  constructor(readonly dom: Dom) {}

  of(node: Element): TestElement {
    let el = this.wrapped.get(node);
    if (el === undefined) {
      el = new TestElement(this, node);
      this.wrapped.set(node, el);
    }
    return el;
  }

  /** The field shows `value`, as if the user had typed or picked it. */
  type(node: Element, value: FieldValue | undefined): TestElement {
    if (value !== undefined) this.typed.set(node, value);
    return this.of(node);
  }
}
