/** A form's fields in the harness's parsed HTML: which fields it has, what each shows as rendered. */
import {
  allElements,
  attr,
  closest,
  type Dom,
  type Element,
  hasAttr,
  readableText,
} from './dom.js';

export type { Payload } from '@kinetic/protocol/page';

/**
 * What the user typed or picked, by field name. A string (or a number) is the new value,
 * an array the values of a multi-select or of several boxes with one name; `true` checks a
 * checkbox (sending its own value), `false` or `null` unchecks it.
 */
export type FormValues = Readonly<
  Record<string, string | number | boolean | null | readonly string[]>
>;

const FIELD_TAGS = new Set(['input', 'select', 'textarea', 'button']);

export const isField = (el: Element): boolean =>
  el.name === 'input' || el.name === 'select' || el.name === 'textarea';

export const inputType = (el: Element): string => (attr(el, 'type') ?? 'text').toLowerCase();

/** A submit button: what pressing Enter or clicking it submits the form with. */
export const isSubmitter = (el: Element): boolean =>
  (el.name === 'button' && (attr(el, 'type') ?? 'submit').toLowerCase() === 'submit') ||
  (el.name === 'input' && (inputType(el) === 'submit' || inputType(el) === 'image'));

/** The form a field belongs to: its `form` attribute, or the form around it. */
export function formOf(dom: Dom, el: Element): Element | undefined {
  const id = attr(el, 'form');
  if (id !== undefined) return dom.all('form').find((f) => attr(f, 'id') === id);
  return closest(el, (up) => up.name === 'form');
}

/** The fields of `form` in tree order, including those outside it with form="id". */
export function fieldsOf(dom: Dom, form: Element): Element[] {
  return allElements(dom.document).filter(
    (el) => FIELD_TAGS.has(el.name) && formOf(dom, el) === form,
  );
}

export const optionValue = (option: Element): string =>
  attr(option, 'value') ?? readableText(option);

/** The selected options of a select: marked `selected`, else the first enabled one. */
export function selectedOptions(select: Element): Element[] {
  const options = allElements(select).filter((el) => el.name === 'option');
  const marked = options.filter((o) => hasAttr(o, 'selected'));
  if (hasAttr(select, 'multiple')) return marked;
  if (marked.length > 0) return [marked[marked.length - 1] as Element];
  const first = options.find((o) => !hasAttr(o, 'disabled'));
  return first === undefined ? [] : [first];
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
