import { badValue, unsafeStyle, unsafeUrl } from './errors.js';
import {
  ANIMATION_ELEMENTS,
  escapeHtml,
  isUnsafeValue,
  type ValueCheck,
  valueCheckOf,
} from './escape.js';
import {
  type Dyn,
  isNode,
  node,
  type RenderedKeyed,
  type RenderedList,
  type RenderedNode,
} from './rendered.js';
import {
  type CheckedValue,
  internalTemplate,
  isTrustedStatics,
  type Slot,
  type Template,
  templateOf,
} from './template.js';

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
  if (template.checkedValues.length > 0) checkValues(template, values);
  return node(template, d);
}

/** A node built by `html` (or decoded from the server), not an object that mimics one. */
const isTrustedNode = (value: unknown): value is RenderedNode =>
  isNode(value) && isTrustedStatics(value.t);

/** Lists made by `each` and by arrays in text slots: their rows are trusted already. */
const builtLists = new WeakSet<object>();

/** A list or keyed list whose rows are all trusted nodes. */
function isTrustedList(value: object): value is RenderedList | RenderedKeyed {
  if (builtLists.has(value)) return true;
  const list = value as { kind?: unknown; items?: unknown; keys?: unknown; rows?: unknown };
  if (list.kind === 'keyed') {
    return (
      Array.isArray(list.keys) &&
      Array.isArray(list.rows) &&
      list.keys.length === list.rows.length &&
      list.keys.every((key) => typeof key === 'string') &&
      list.rows.every(isTrustedNode)
    );
  }
  return Array.isArray(list.items) && list.items.every(isTrustedNode);
}

function checkValues(template: Template, values: readonly unknown[]): void {
  for (const checked of template.checkedValues) {
    const value = joinedValue(checked, values);
    if (value !== undefined && isUnsafeValue(checked.check, value)) {
      throw unsafeValue(checked.check, checked.name, template);
    }
  }
}

/** The value as rendered, before escaping; undefined when a part is raw() and so trusted. */
function joinedValue(checked: CheckedValue, values: readonly unknown[]): string | undefined {
  let value = checked.statics[0] as string;
  for (let j = 0; j < checked.slots.length; j++) {
    const v = values[checked.slots[j] as number];
    if (isRaw(v)) return undefined;
    const part = v === null || v === undefined || typeof v === 'boolean' ? '' : String(v);
    value += part + (checked.statics[j + 1] as string);
  }
  return value;
}

const unsafeValue = (check: ValueCheck, name: string, template: Template) =>
  check === 'style' ? unsafeStyle(name, template.location) : unsafeUrl(name, template.location);

/** How many values of a whole-attribute slot keep their text (see Slot `seen`). */
const SEEN_VALUES = 16;

function toDyn(value: unknown, slot: Slot, template: Template): Dyn {
  switch (slot.kind) {
    case 'text':
      return textDyn(value, template);
    case 'comment':
      return typeof value === 'string'
        ? escapeHtml(value)
        : scalar(value, 'in a comment', template);
    case 'attr':
      return attrValue(value, slot.name, template);
    case 'attribute': {
      if (typeof value !== 'string' || value.length > 64)
        return wholeAttribute(slot.name, value, slot.check, template);
      let seen = slot.seen;
      const known = seen?.get(value);
      if (known !== undefined) return known;
      const dyn = wholeAttribute(slot.name, value, slot.check, template);
      if (seen === undefined || seen.size >= SEEN_VALUES) {
        // A slot whose values keep changing (an id per row) starts over: the bound holds.
        seen = new Map();
        slot.seen = seen;
      }
      seen.set(value, dyn);
      return dyn;
    }
    case 'tag':
      return tagAttributes(value, slot.tagName, template);
  }
}

function textDyn(value: unknown, template: Template): Dyn {
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'object' && value !== null) {
    const kind = (value as { kind?: unknown }).kind;
    if (kind === 'node' && isTrustedNode(value)) return value;
    if ((kind === 'keyed' || kind === 'list') && isTrustedList(value)) return value;
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
  if (isTrustedNode(value)) return 'a template';
  const kind = (value as { kind?: unknown }).kind;
  if (kind === 'node' || kind === 'list' || kind === 'keyed') {
    return 'an object shaped like a template but not made by html`` (parsed JSON?)';
  }
  return `a value of type ${typeof value}`;
}

function listOf(values: readonly unknown[], template: Template): RenderedList {
  const items: RenderedNode[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) items[i] = itemNode(values[i], template);
  const list: RenderedList = { kind: 'list', items };
  builtLists.add(list);
  return list;
}

function itemNode(value: unknown, template: Template): RenderedNode {
  if (isTrustedNode(value)) return value;
  return node(TEXT_ITEM, [textDyn(value, template)]);
}

function attrValue(value: unknown, name: string, template: Template): string {
  if (isRaw(value)) return value.html;
  // URL and style values are checked whole, across their slots, by checkValues.
  if (typeof value === 'string') return escapeHtml(value);
  return scalar(value, `in the attribute "${name}"`, template);
}

function wholeAttribute(
  name: string,
  value: unknown,
  check: ValueCheck | undefined,
  template: Template,
): string {
  if (value === false || value === null || value === undefined) return '';
  if (value === true) return ` ${name}`;
  if (isRaw(value)) return ` ${name}="${value.html}"`;
  if (check !== undefined && isUnsafeValue(check, String(value))) {
    throw unsafeValue(check, name, template);
  }
  // The common cases first, without building the message only a failure needs.
  if (typeof value === 'string') return ` ${name}="${escapeHtml(value)}"`;
  if (typeof value === 'number') return ` ${name}="${value}"`;
  return ` ${name}="${scalar(value, `in the attribute "${name}"`, template)}"`;
}

const ATTRIBUTE_NAME = /^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/;

function tagAttributes(value: unknown, tagName: string, template: Template): string {
  if (value === false || value === null || value === undefined) return '';
  if (isRaw(value)) return ` ${value.html.trim()}`;
  if (!isAttrs(value))
    throw badValue(describe(value), 'in the attribute list of a tag', template.location);
  let out = '';
  for (const [name, v] of Object.entries(value.values)) {
    const lower = name.toLowerCase();
    // As in the statics: no event handlers, no srcdoc, no dynamic attributeName on an animation.
    const animationTarget = lower === 'attributename' && ANIMATION_ELEMENTS.has(tagName);
    if (
      !ATTRIBUTE_NAME.test(name) ||
      lower.startsWith('on') ||
      lower === 'srcdoc' ||
      animationTarget
    ) {
      throw badValue(`the attribute name "${name}"`, 'in attrs({...})', template.location);
    }
    out += wholeAttribute(lower, v, valueCheckOf(tagName, lower), template);
  }
  return out;
}

type Memo = WeakMap<object, RenderedNode>;
const memos = new WeakMap<(item: never) => unknown, Memo>();

/**
 * A keyed list: rows are identified by `key`, so a reorder, insert or removal travels as
 * a few operations, not the whole list. Rows are memoized by item identity for a given
 * `render` function: treat items as values and replace a row's object to change it
 * (declare `render` once, outside the view's render, to benefit). Keys must be unique;
 * a repeated key is reported (KN_ERR_TEMPLATE_DUPLICATE_KEY) when the list is first rendered,
 * diffed or encoded.
 * @example each(rows, (row) => row.id, tableRow)
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
  const list: readonly T[] = Array.isArray(items) ? items : [...items];
  const n = list.length;
  const keys: string[] = new Array(n);
  const rows: RenderedNode[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const item = list[i] as T;
    const k = key(item);
    keys[i] = typeof k === 'string' ? k : `${k}`;
    const memoizable = typeof item === 'object' && item !== null;
    let row = memoizable ? memo.get(item) : undefined;
    if (row === undefined) {
      const out = render(item);
      row = isTrustedNode(out) ? out : node(TEXT_ITEM, [textDyn(out, TEXT_ITEM)]);
      if (memoizable) memo.set(item, row);
    }
    rows[i] = row;
  }
  const keyed: RenderedKeyed = { kind: 'keyed', keys, rows };
  builtLists.add(keyed);
  return keyed;
}
