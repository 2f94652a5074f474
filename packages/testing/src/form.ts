import {
  allElements,
  attr,
  closest,
  type Dom,
  type Element,
  hasAttr,
  readableText,
} from './dom.js';
import { noField } from './errors.js';

/** A payload as the client sends it: strings, and arrays for repeated names. */
export type Payload = Record<string, unknown>;

/**
 * What the user typed or picked, by field name. A string (or a number) is the new value,
 * an array the values of a multi-select or of several boxes with one name; `true` checks a
 * checkbox (sending its own value), `false` or `null` unchecks it.
 */
export type FormValues = Readonly<
  Record<string, string | number | boolean | null | readonly string[]>
>;

const FIELD_TAGS = new Set(['input', 'select', 'textarea', 'button']);
/** Input types FormData leaves out unless they are the submitter. */
const SUBMIT_ONLY = new Set(['submit', 'image', 'button', 'reset']);

export const isField = (el: Element): boolean =>
  el.name === 'input' || el.name === 'select' || el.name === 'textarea';

const inputType = (el: Element): string => (attr(el, 'type') ?? 'text').toLowerCase();

/** A submit button: what pressing Enter or clicking it submits the form with. */
export const isSubmitter = (el: Element): boolean =>
  (el.name === 'button' && (attr(el, 'type') ?? 'submit').toLowerCase() === 'submit') ||
  (el.name === 'input' && (inputType(el) === 'submit' || inputType(el) === 'image'));

/** Disabled itself, or inside a disabled fieldset, as the browser computes it. */
export const isDisabled = (el: Element): boolean =>
  hasAttr(el, 'disabled') ||
  closest(el, (up) => up !== el && up.name === 'fieldset' && hasAttr(up, 'disabled')) !== undefined;

/** The form a field belongs to: its `form` attribute, or the form around it. */
export function formOf(dom: Dom, el: Element): Element | undefined {
  const id = attr(el, 'form');
  if (id !== undefined) return dom.all('form').find((f) => attr(f, 'id') === id);
  return closest(el, (up) => up.name === 'form');
}

/** The fields of `form` in tree order, including those outside it with form="id". */
function fieldsOf(dom: Dom, form: Element): Element[] {
  return allElements(dom.document).filter(
    (el) => FIELD_TAGS.has(el.name) && formOf(dom, el) === form,
  );
}

/** The `lv-value-*` attributes of an element: `lv-value-id="3"` gives `{id: "3"}`. */
export function valuesOf(el: Element): Payload {
  const out: Payload = {};
  for (const [name, value] of Object.entries(el.attribs)) {
    if (name.startsWith('lv-value-')) out[name.slice(9)] = value;
  }
  return out;
}

const optionValue = (option: Element): string => attr(option, 'value') ?? readableText(option);

/** The selected options of a select: marked `selected`, else the first enabled one. */
function selectedOptions(select: Element): Element[] {
  const options = allElements(select).filter((el) => el.name === 'option');
  const marked = options.filter((o) => hasAttr(o, 'selected'));
  if (hasAttr(select, 'multiple')) return marked;
  if (marked.length > 0) return [marked[marked.length - 1] as Element];
  const first = options.find((o) => !hasAttr(o, 'disabled'));
  return first === undefined ? [] : [first];
}

/** A lone field's value as the server rendered it; an unchecked box has none. */
export function fieldValue(el: Element): string | undefined {
  if (el.name === 'textarea') return readableTextRaw(el);
  if (el.name === 'select') {
    const [first] = selectedOptions(el);
    return first === undefined ? '' : optionValue(first);
  }
  const type = inputType(el);
  if (type === 'checkbox' || type === 'radio') {
    return hasAttr(el, 'checked') ? (attr(el, 'value') ?? 'on') : undefined;
  }
  return attr(el, 'value') ?? '';
}

/** What `el.value` reads in a browser before the user types: the rendered value. */
export function domValue(el: Element): string {
  if (el.name === 'textarea') return readableTextRaw(el);
  if (el.name === 'select') {
    const [first] = selectedOptions(el);
    return first === undefined ? '' : optionValue(first);
  }
  const type = inputType(el);
  return attr(el, 'value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '');
}

/** A textarea's text is its value, whitespace and all. */
const readableTextRaw = (el: Element): string =>
  el.children.map((c) => ('data' in c ? String(c.data) : '')).join('');

/** Entries of one field, as FormData would list them. */
function entriesOf(el: Element, submitter: Element | undefined): string[] {
  if (el.name === 'button') return el === submitter ? [attr(el, 'value') ?? ''] : [];
  if (el.name === 'select') return selectedOptions(el).map(optionValue);
  if (el.name === 'textarea') return [readableTextRaw(el)];
  const type = inputType(el);
  if (SUBMIT_ONLY.has(type))
    return el === submitter && type !== 'image' ? [attr(el, 'value') ?? ''] : [];
  if (type === 'checkbox' || type === 'radio') {
    return hasAttr(el, 'checked') ? [attr(el, 'value') ?? 'on'] : [];
  }
  // A file field sends the file's name; uploads travel separately, so a test sends none.
  if (type === 'file') return [''];
  return [attr(el, 'value') ?? ''];
}

/**
 * The payload of a form, as the client's serializeForm builds it from FormData: fields in
 * tree order, unchecked boxes absent, repeated names as arrays; then `values` on top, the
 * fields the user changed. A name in `values` that no enabled field has is an error.
 */
export function serializeForm(
  dom: Dom,
  form: Element,
  formSelector: string,
  values: FormValues = {},
  submitter?: Element,
): Payload {
  const entries = new Map<string, string[]>();
  const fields = fieldsOf(dom, form).filter((el) => {
    const name = attr(el, 'name');
    return name !== undefined && name !== '' && !isDisabled(el);
  });
  for (const el of fields) {
    const name = attr(el, 'name') as string;
    const list = entries.get(name) ?? [];
    list.push(...entriesOf(el, submitter));
    entries.set(name, list);
  }
  const names = [
    ...new Set(fields.filter((f) => f.name !== 'button').map((f) => attr(f, 'name') as string)),
  ];
  for (const [name, value] of Object.entries(values)) {
    if (!names.includes(name)) throw noField(formSelector, name, names);
    entries.set(name, typed(value, fields, name));
  }
  const payload: Payload = {};
  for (const [name, list] of entries) {
    if (list.length === 0) continue;
    // defineProperty: a field named "__proto__" stays a field, as with Object.fromEntries.
    Object.defineProperty(payload, name, {
      value: list.length === 1 ? list[0] : list,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return payload;
}

function typed(value: FormValues[string], fields: Element[], name: string): string[] {
  if (value === false || value === null) return [];
  if (value === true) {
    const box = fields.find((f) => attr(f, 'name') === name);
    return [box === undefined ? 'on' : (attr(box, 'value') ?? 'on')];
  }
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

/** The value a lone field sends after the user set it to `value`. */
export function typedFieldValue(el: Element, value: FormValues[string]): string | undefined {
  const [first] = typed(value, [el], attr(el, 'name') ?? '');
  return first;
}
