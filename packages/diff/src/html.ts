import { badValue, duplicateKey, unsafeUrl } from './errors.js';
import { escapeHtml, isScriptUrl, URL_ATTRIBUTES } from './escape.js';
import {
  type Dyn,
  isNode,
  node,
  type RenderedKeyed,
  type RenderedList,
  type RenderedNode,
} from './rendered.js';
import { internalTemplate, type Slot, type Template, templateOf } from './template.js';

const RAW = Symbol.for('kinetic.raw');
const ATTRS = Symbol.for('kinetic.attrs');

/** Trusted HTML that is inserted without escaping. Created only by `raw()`. */
export interface RawHTML {
  readonly [RAW]: true;
  readonly html: string;
}

/** A set of attributes for the attribute-list position of a tag. Created by `attrs()`. */
export interface Attributes {
  readonly [ATTRS]: true;
  readonly values: Readonly<Record<string, unknown>>;
}

/**
 * Marks a string as trusted HTML: the only way around escaping.
 * @example html`<div>${raw(markdownToHtml(post.body))}</div>`
 */
export function raw(html: string): RawHTML {
  return { [RAW]: true, html: String(html) };
}

/**
 * Attributes spread into a tag. false/null/undefined drop an attribute, true makes it bare.
 * @example html`<input ${attrs({ disabled: busy, placeholder: 'Name' })}>`
 */
export function attrs(values: Record<string, unknown>): Attributes {
  return { [ATTRS]: true, values };
}

const isRaw = (value: unknown): value is RawHTML =>
  typeof value === 'object' && value !== null && RAW in value;
const isAttrs = (value: unknown): value is Attributes =>
  typeof value === 'object' && value !== null && ATTRS in value;

const TEXT_ITEM = internalTemplate(['', '']);

/**
 * The template tag. Statics are parsed once per call site; values are escaped for the
 * place they land in.
 * @example html`<button lv-click="inc">Count: ${count}</button>`
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): RenderedNode {
  const template = templateOf(strings);
  const d: Dyn[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    d[i] = toDyn(values[i], template.slots[i] as Slot, template);
  }
  return node(template, d);
}

function toDyn(value: unknown, slot: Slot, template: Template): Dyn {
  switch (slot.kind) {
    case 'text':
      return textDyn(value, template);
    case 'comment':
      return typeof value === 'string' ? escapeHtml(value) : scalar(value, 'in a comment', template);
    case 'attr':
      return attrValue(value, slot.name, slot.urlStart, template);
    case 'attribute':
      return wholeAttribute(slot.name, value, slot.url, template);
    case 'tag':
      return tagAttributes(value, template);
  }
}

function textDyn(value: unknown, template: Template): Dyn {
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'object' && value !== null) {
    const kind = (value as { kind?: unknown }).kind;
    if (kind === 'node' || kind === 'keyed' || kind === 'list') return value as Dyn;
    if (Array.isArray(value)) return listOf(value, template);
    if (isRaw(value)) return value.html;
  }
  return scalar(value, 'as text', template);
}

function scalar(value: unknown, place: string, template: Template): string {
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
    case 'undefined':
      return '';
    case 'string':
      return escapeHtml(value);
    default:
      if (value === null) return '';
      if (isRaw(value)) return value.html;
      throw badValue(describe(value), place, template.location);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'})`;
  if (Array.isArray(value)) return 'an array';
  if (isAttrs(value)) return 'attrs({...})';
  if (isNode(value)) return 'a template';
  return `a value of type ${typeof value}`;
}

function listOf(values: readonly unknown[], template: Template): RenderedList {
  const items: RenderedNode[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) items[i] = itemNode(values[i], template);
  return { kind: 'list', items };
}

function itemNode(value: unknown, template: Template): RenderedNode {
  if (isNode(value)) return value;
  return node(TEXT_ITEM, [textDyn(value, template)]);
}

function attrValue(value: unknown, name: string, urlStart: boolean, template: Template): string {
  if (isRaw(value)) return value.html;
  const text = scalar(value, `in the attribute "${name}"`, template);
  if (urlStart && isScriptUrl(String(value))) throw unsafeUrl(name, template.location);
  return text;
}

function wholeAttribute(name: string, value: unknown, url: boolean, template: Template): string {
  if (value === false || value === null || value === undefined) return '';
  if (value === true) return ` ${name}`;
  if (isRaw(value)) return ` ${name}="${value.html}"`;
  if (url && isScriptUrl(String(value))) throw unsafeUrl(name, template.location);
  return ` ${name}="${scalar(value, `in the attribute "${name}"`, template)}"`;
}

const ATTRIBUTE_NAME = /^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/;

function tagAttributes(value: unknown, template: Template): string {
  if (value === false || value === null || value === undefined) return '';
  if (isRaw(value)) return ` ${value.html.trim()}`;
  if (!isAttrs(value)) throw badValue(describe(value), 'in the attribute list of a tag', template.location);
  let out = '';
  for (const [name, v] of Object.entries(value.values)) {
    const lower = name.toLowerCase();
    if (!ATTRIBUTE_NAME.test(name) || lower.startsWith('on') || lower === 'srcdoc') {
      throw badValue(`the attribute name "${name}"`, 'in attrs({...})', template.location);
    }
    out += wholeAttribute(lower, v, URL_ATTRIBUTES.has(lower), template);
  }
  return out;
}

type Memo = WeakMap<object, RenderedNode>;
const memos = new WeakMap<Function, Memo>();

/**
 * A keyed list: rows are identified by `key`, so a reorder, insert or removal travels as
 * a few operations, not the whole list. Rows are memoized by item identity for a given
 * `render` function: treat items as values and replace a row's object to change it
 * (declare `render` once, outside the view's render, to benefit).
 * @example each(todos, (t) => t.id, todoRow)
 */
export function each<T>(
  items: Iterable<T>,
  key: (item: T) => string | number,
  render: (item: T) => RenderedNode | string | number,
): RenderedKeyed {
  let memo = memos.get(render);
  if (memo === undefined) {
    memo = new WeakMap();
    memos.set(render, memo);
  }
  const keys: string[] = [];
  const map = new Map<string, RenderedNode>();
  for (const item of items) {
    const k = String(key(item));
    if (map.has(k)) throw duplicateKey(k);
    let rendered = typeof item === 'object' && item !== null ? memo.get(item) : undefined;
    if (rendered === undefined) {
      const out = render(item);
      rendered = isNode(out) ? out : node(TEXT_ITEM, [escapeHtml(String(out))]);
      if (typeof item === 'object' && item !== null) memo.set(item, rendered);
    }
    keys.push(k);
    map.set(k, rendered);
  }
  return { kind: 'keyed', keys, items: map };
}
