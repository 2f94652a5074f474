import { closestWhere, isField, type PageElement, type PageField, tagOf } from './element.js';

/** An event payload as the client sends it: strings, and arrays for repeated names. */
export type Payload = Record<string, unknown>;

/** What FormData lists: a string, or a file (whose name stands for it). */
export type FormEntry = readonly [name: string, value: string | { readonly name: string }];

/**
 * A form's payload from its entries (a browser's `FormData`, or formEntries()): a
 * repeated name becomes an array, a file gives its file name (uploads travel separately).
 */
export function payloadOf(entries: Iterable<FormEntry>): Payload {
  const fields = new Map<string, unknown>();
  for (const [name, entry] of entries) {
    const value = typeof entry === 'string' ? entry : entry.name;
    const seen = fields.get(name);
    fields.set(
      name,
      seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value],
    );
  }
  // fromEntries defines own properties, so a field named "__proto__" stays a field.
  return Object.fromEntries(fields);
}

/** The `lv-value-*` attributes of an element: `lv-value-id="3"` gives `{id: "3"}`. */
export function valuesOf(el: PageElement): Payload {
  return Object.fromEntries(
    el
      .getAttributeNames()
      .filter((name) => name.startsWith('lv-value-'))
      .map((name) => [name.slice(9), el.getAttribute(name)]),
  );
}

const isBox = (field: PageField): boolean =>
  tagOf(field) === 'input' && (field.type === 'checkbox' || field.type === 'radio');

/** A lone field's value; an unchecked box has none, as in a submitted form. */
export const fieldValue = (field: PageField): string | undefined =>
  isBox(field) && !field.checked ? undefined : field.value;

/** Inputs FormData leaves out unless they submitted the form. */
const SUBMIT_ONLY = ['submit', 'image', 'button', 'reset'];

/** Disabled itself, or inside a disabled fieldset, as the browser computes `:disabled`. */
export const isDisabled = (field: PageField): boolean =>
  field.disabled ||
  closestWhere<PageElement>(
    field,
    (up) => up !== field && tagOf(up) === 'fieldset' && up.hasAttribute('disabled'),
  ) !== undefined;

/**
 * The entries of a form's fields (in tree order, `form="id"` ones included), by the rules
 * of the browser's `FormData`: nameless and disabled fields are left out, unchecked boxes
 * too, buttons unless they are the submitter, every picked option of a select.
 * For runtimes without a DOM; a browser has FormData itself.
 */
export function formEntries(
  fields: Iterable<PageElement>,
  submitter?: PageElement | null,
): FormEntry[] {
  const entries: FormEntry[] = [];
  for (const field of fields) {
    if (!isField(field) && tagOf(field) !== 'button') continue;
    const f = field as PageField;
    if (f.name === '' || isDisabled(f)) continue;
    const tag = tagOf(f);
    if (tag === 'button' || (tag === 'input' && SUBMIT_ONLY.includes(f.type))) {
      if (f === submitter && f.type !== 'image') entries.push([f.name, f.value]);
    } else if (tag === 'select') {
      for (const option of f.selectedOptions ?? []) entries.push([f.name, option.value]);
    } else if (isBox(f)) {
      if (f.checked) entries.push([f.name, f.value]);
    } else if (f.type === 'file' && tag === 'input') {
      const files = [...(f.files ?? [])];
      // A file field without a file still counts, as an empty file.
      for (const file of files.length > 0 ? files : [{ name: '' }]) entries.push([f.name, file]);
    } else {
      entries.push([f.name, f.value]);
    }
  }
  return entries;
}
