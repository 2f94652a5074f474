/**
 * JSX for Kinetic views. Two audiences share this module:
 * - code compiled by @kinetic/jsx, which turns each JSX expression into an `html` call site
 *   and calls the small helpers below (`html`, `attrs`, `callComponent`, `keyedRow`, `keyedList`);
 * - code compiled without it (plain `tsc` or esbuild with `jsxImportSource: "@kinetic/core"`),
 *   which calls `jsx`/`jsxs`: the fallback. It renders the same HTML with the same escaping and
 *   refusals, but every element is its own template, so patches are larger.
 * Only @kinetic/diff is imported: this module is loaded by views, not by the runtime.
 */

import {
  attrs,
  html,
  KineticDiffError,
  type RawHTML,
  type RenderedKeyed,
  type RenderedList,
  type RenderedNode,
  raw,
} from '@kinetic/diff';
import type { JS } from './js.js';

export { attrs, html, raw };

// --- Helpers of compiled JSX -------------------------------------------------------------

const rowKeys = new WeakMap<object, string>();

/** Compiled `<li key={k}>`: records the row's key, so a list of such rows is sent keyed. */
export function keyedRow<T>(key: string | number, row: T): T {
  if (typeof row === 'object' && row !== null) rowKeys.set(row, `${key}`);
  return row;
}

/**
 * A child expression holding keyed rows (`items.map((i) => <li key={i.id}>…</li>)`): an array
 * whose rows all carry a key becomes a keyed list, as `each()` makes. `always` (compiled code)
 * makes an empty array an empty keyed list too, so the list keeps its kind across renders.
 */
export function keyedList(value: unknown, always = true): unknown {
  if (!Array.isArray(value) || (value.length === 0 && !always)) return value;
  const keys: string[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const key = rowKeys.get(value[i] as object);
    if (key === undefined) return value;
    keys[i] = key;
  }
  const list: RenderedKeyed = { kind: 'keyed', keys, rows: value as RenderedNode[] };
  return list;
}

/**
 * `<Card title={t}>…</Card>`: calls the component. A string is refused as html refuses a tag
 * name from a value; any other non-function (a live view object, say) is a bad value.
 */
export function callComponent<P>(type: unknown, props: P): RenderedNode {
  if (typeof type === 'function') return (type as (props: P) => RenderedNode)(props);
  if (typeof type === 'string') {
    throw new KineticDiffError(
      'KN_ERR_TEMPLATE_UNSAFE_SLOT',
      `a JSX tag names the string "${type}", a tag name from a value. Tag names never come ` +
        'from values: write the element statically.',
    );
  }
  throw new KineticDiffError(
    'KN_ERR_TEMPLATE_BAD_VALUE',
    `a JSX tag names a value of type ${typeof type}, not a function component. A live view ` +
      'is rendered with {liveRender(View, { id })}, a live component with its own helper.',
  );
}

// --- The fallback: jsx/jsxs from the automatic runtime -----------------------------------

/** `<>…</>`. */
export const Fragment = Symbol.for('kinetic.jsx.fragment');

const VOID = new Set(
  'area base br col embed hr img input link meta param source track wbr'.split(' '),
);
const TAG_NAME = /^[a-zA-Z][a-zA-Z0-9]*(?:-[a-zA-Z0-9._-]*)*$/;
const ATTRIBUTE_NAME = /^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/;
/** React's spellings, accepted so copied markup keeps working. */
const RENAMED: Readonly<Record<string, string>> = { className: 'class', htmlFor: 'for' };
/** Statics by element shape (tag, attribute names, number of children). */
const shapes = new Map<string, readonly string[]>();
const MAX_SHAPES = 10_000;

type Props = Record<string, unknown> & { children?: unknown };

/**
 * The automatic runtime's element factory. An element becomes a template whose statics are
 * its tag and attribute names, with one slot per attribute value and per child: the same
 * HTML as the compiled form, checked by the same code.
 */
export function jsx(type: unknown, props: Props, key?: string | number): RenderedNode {
  return create(type, props, key, false);
}

/** `jsx` for an element whose children are a static list (`props.children` is that list). */
export function jsxs(type: unknown, props: Props, key?: string | number): RenderedNode {
  return create(type, props, key, true);
}

let fallbackUsed = false;

/**
 * True once a view has rendered through `jsx`/`jsxs`, that is without @kinetic/jsx's compile
 * step: `kinetic dev` asks, to warn once that patches are larger than they need be.
 */
export const renderedWithoutCompileStep = (): boolean => fallbackUsed;

function create(type: unknown, props: Props, key: string | number | undefined, many: boolean) {
  fallbackUsed = true;
  const out =
    typeof type === 'string'
      ? element(type, props, many)
      : type === Fragment
        ? fragment(childrenOf(props.children, many))
        : callComponent(type, props);
  return key === undefined ? out : keyedRow(key, out);
}

/** One slot per child; a child that is an array of keyed rows is a keyed list. */
function childrenOf(children: unknown, many: boolean): unknown[] {
  if (children === undefined) return [];
  if (many && Array.isArray(children)) return children.map((c) => keyedList(c, false));
  return [keyedList(children, false)];
}

function fragment(values: unknown[]): RenderedNode {
  return html(
    statics(`\u0000${values.length}`, () => values.map(() => '').concat('')),
    ...values,
  );
}

function element(tag: string, props: Props, many: boolean): RenderedNode {
  if (!TAG_NAME.test(tag)) {
    throw new KineticDiffError(
      'KN_ERR_TEMPLATE_UNSAFE_SLOT',
      `the JSX tag name "${tag}" is not a valid element name. Tag names never come from ` +
        'values: write the element statically.',
    );
  }
  const names: string[] = [];
  const values: unknown[] = [];
  for (const name in props) {
    if (name === 'children' || name === 'key') continue;
    const attribute = RENAMED[name] ?? name;
    if (!ATTRIBUTE_NAME.test(attribute)) {
      throw new KineticDiffError(
        'KN_ERR_TEMPLATE_BAD_VALUE',
        `the attribute name "${attribute}" of <${tag}> is not a valid attribute name.`,
      );
    }
    names.push(attribute);
    values.push(props[name]);
  }
  const children = VOID.has(tag) ? [] : childrenOf(props.children, many);
  values.push(...children);
  const shape = `${tag}\u0000${names.join('\u0000')}\u0000${children.length}`;
  const strings = statics(shape, () => {
    // `name=${v}` is html's whole-attribute form: false/null drop it, true makes it bare.
    const parts = [`<${tag}`];
    for (const name of names) {
      parts[parts.length - 1] += ` ${name}=`;
      parts.push('');
    }
    parts[parts.length - 1] += '>';
    if (VOID.has(tag)) return parts;
    for (let i = 0; i < children.length; i++) parts.push('');
    parts[parts.length - 1] += `</${tag}>`;
    return parts;
  });
  return html(strings, ...values);
}

function statics(shape: string, build: () => string[]): TemplateStringsArray {
  let strings = shapes.get(shape);
  if (strings === undefined) {
    const built = build();
    strings = Object.freeze(Object.assign(built, { raw: Object.freeze([...built]) }));
    if (shapes.size < MAX_SHAPES) shapes.set(shape, strings);
  }
  return strings as TemplateStringsArray;
}

// --- Types -------------------------------------------------------------------------------

/** What a child position takes: the same values as a text slot of `html`. */
export type Child =
  | RenderedNode
  | RenderedList
  | RenderedKeyed
  | RawHTML
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | readonly Child[];

/** What an attribute takes: false/null/undefined drop it, true makes it bare. */
export type AttributeValue = string | number | boolean | null | undefined | RawHTML;

/**
 * An event name of the view (or of the live component `lv-target` names), or JS commands
 * run in the browser (docs/js.md).
 */
type EventName = string | JS;
type Milliseconds = number | `${number}`;

/**
 * The lv-* bindings (docs/views.md). A value outside the allowed set is a type error. A
 * misspelt name is not: TypeScript never checks hyphenated JSX attribute names against the
 * element type, so @kinetic/jsx refuses unknown lv-* names when it compiles.
 */
export interface LiveBindings {
  'lv-click'?: EventName;
  'lv-change'?: EventName;
  'lv-submit'?: EventName;
  'lv-input'?: EventName;
  'lv-focus'?: EventName;
  'lv-blur'?: EventName;
  'lv-keydown'?: EventName;
  'lv-keyup'?: EventName;
  /** The key lv-keydown/lv-keyup listen for, as KeyboardEvent.key names it ("Enter"). */
  'lv-key'?: string;
  'lv-window-keydown'?: EventName;
  'lv-window-keyup'?: EventName;
  'lv-window-focus'?: EventName;
  'lv-window-blur'?: EventName;
  'lv-debounce'?: Milliseconds | 'blur';
  'lv-throttle'?: Milliseconds;
  'lv-disable-with'?: string;
  'lv-update'?: 'replace' | 'ignore' | 'append' | 'prepend';
  'lv-hook'?: string;
  /** On a link: a live URL change within the view (bare, or the URL). */
  'lv-patch'?: true | string;
  /** On a link: a live navigation to another view (bare, or the URL). */
  'lv-navigate'?: true | string;
  /** The live component the element's events go to. */
  'lv-target'?: string | number;
  /** On a form: the event it recovers with after a reconnect, or "ignore". */
  'lv-auto-recover'?: string;
  /** On a form: its `Form.id`, so the browser reports which fields the user used. */
  'lv-form'?: string;
  /** Commands shown at once when the element's event is sent, reconciled with its reply. */
  'lv-optimistic'?: JS;
  [payload: `lv-value-${string}`]: AttributeValue;
}

/** Attributes every element takes. Names are HTML's (`class`, `for`), as in `html`. */
export interface HTMLAttributes extends LiveBindings {
  [data: `data-${string}`]: AttributeValue;
  [aria: `aria-${string}`]: AttributeValue;
  children?: Child;
  /** Identifies a row of a list: a `.map()` of keyed rows is sent as a keyed list. */
  key?: string | number;
  id?: AttributeValue;
  class?: AttributeValue;
  /** React's spelling of `class`. */
  className?: AttributeValue;
  style?: AttributeValue;
  title?: AttributeValue;
  lang?: AttributeValue;
  dir?: AttributeValue;
  hidden?: AttributeValue;
  tabindex?: AttributeValue;
  role?: AttributeValue;
  slot?: AttributeValue;
  draggable?: AttributeValue;
  contenteditable?: AttributeValue;
  inert?: AttributeValue;
  popover?: AttributeValue;
  popovertarget?: AttributeValue;
  accesskey?: AttributeValue;
  autofocus?: AttributeValue;
  enterkeyhint?: AttributeValue;
  inputmode?: AttributeValue;
  spellcheck?: AttributeValue;
  translate?: AttributeValue;
  // Links, media, embeds.
  href?: AttributeValue;
  target?: AttributeValue;
  rel?: AttributeValue;
  download?: AttributeValue;
  hreflang?: AttributeValue;
  src?: AttributeValue;
  srcset?: AttributeValue;
  sizes?: AttributeValue;
  alt?: AttributeValue;
  width?: AttributeValue;
  height?: AttributeValue;
  loading?: AttributeValue;
  decoding?: AttributeValue;
  crossorigin?: AttributeValue;
  referrerpolicy?: AttributeValue;
  poster?: AttributeValue;
  controls?: AttributeValue;
  autoplay?: AttributeValue;
  loop?: AttributeValue;
  muted?: AttributeValue;
  preload?: AttributeValue;
  media?: AttributeValue;
  cite?: AttributeValue;
  datetime?: AttributeValue;
  // Forms.
  action?: AttributeValue;
  method?: AttributeValue;
  enctype?: AttributeValue;
  novalidate?: AttributeValue;
  name?: AttributeValue;
  value?: AttributeValue;
  type?: AttributeValue;
  placeholder?: AttributeValue;
  disabled?: AttributeValue;
  readonly?: AttributeValue;
  required?: AttributeValue;
  checked?: AttributeValue;
  selected?: AttributeValue;
  multiple?: AttributeValue;
  min?: AttributeValue;
  max?: AttributeValue;
  step?: AttributeValue;
  minlength?: AttributeValue;
  maxlength?: AttributeValue;
  pattern?: AttributeValue;
  size?: AttributeValue;
  rows?: AttributeValue;
  cols?: AttributeValue;
  wrap?: AttributeValue;
  accept?: AttributeValue;
  autocomplete?: AttributeValue;
  form?: AttributeValue;
  formaction?: AttributeValue;
  for?: AttributeValue;
  /** React's spelling of `for`. */
  htmlFor?: AttributeValue;
  list?: AttributeValue;
  label?: AttributeValue;
  open?: AttributeValue;
  // Tables.
  colspan?: AttributeValue;
  rowspan?: AttributeValue;
  headers?: AttributeValue;
  scope?: AttributeValue;
  // Meta.
  charset?: AttributeValue;
  content?: AttributeValue;
  'http-equiv'?: AttributeValue;
  // SVG, loosely: presentation attributes as plain values.
  xmlns?: AttributeValue;
  viewBox?: AttributeValue;
  fill?: AttributeValue;
  stroke?: AttributeValue;
  'stroke-width'?: AttributeValue;
  d?: AttributeValue;
  x?: AttributeValue;
  y?: AttributeValue;
  cx?: AttributeValue;
  cy?: AttributeValue;
  r?: AttributeValue;
  points?: AttributeValue;
  transform?: AttributeValue;
}

const TAGS = [
  'a abbr address area article aside audio b base bdi bdo blockquote body br button canvas',
  'caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed',
  'fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i',
  'iframe img input ins kbd label legend li link main map mark menu meta meter nav noscript',
  'object ol optgroup option output p picture pre progress q rp rt ruby s samp script search',
  'section select slot small source span strong style sub summary sup table tbody td template',
  'textarea tfoot th thead time title tr track u ul var video wbr',
  'svg g path circle rect line polyline polygon ellipse text tspan defs use symbol',
] as const;
type TagList = (typeof TAGS)[number];
type Split<S extends string> = S extends `${infer Head} ${infer Rest}` ? Head | Split<Rest> : S;

/** Every intrinsic tag name JSX accepts; a custom element (`<x-card>`) takes any attributes. */
export type TagName = Split<TagList>;

// The JSX namespace TypeScript looks up through `jsxImportSource: "@kinetic/core"`.
export declare namespace JSX {
  /** What a JSX expression is: a Rendered node, the same as `html`'s. */
  type Element = RenderedNode;
  interface ElementChildrenAttribute {
    children: unknown;
  }
  interface IntrinsicAttributes {
    /** Identifies a row of a list: a `.map()` of keyed rows is sent as a keyed list. */
    key?: string | number;
  }
  type IntrinsicElements = { [tag in TagName]: HTMLAttributes } & {
    [custom: `${string}-${string}`]: HTMLAttributes & Record<string, AttributeValue | Child>;
  };
}
