/** A form's payload in a test: the browser's rules, then what the test says the user typed. */
import {
  type FormEntry,
  formEntries,
  isDisabled,
  type Payload,
  payloadOf,
  UsedFields,
} from '@kinetic/protocol/page';
import { attr, type Dom, type Element } from './dom.js';
import { noField } from './errors.js';
import { type FormValues, fieldsOf } from './form.js';
import { PageView } from './page-element.js';

export type { Payload };

/**
 * The payload of a form, by the browser's FormData rules (@kinetic/protocol/page's
 * formEntries, over the fields as rendered), then `values` on top: the fields the user
 * changed, by name. A name in `values` that no enabled field has is an error.
 */
export function serializeForm(
  dom: Dom,
  form: Element,
  formSelector: string,
  values: FormValues = {},
  submitter?: Element,
): Payload {
  const page = new PageView(dom);
  const fields = fieldsOf(dom, form).map((el) => page.of(el));
  const named = fields.filter((f) => f.name !== '' && !isDisabled(f));
  // Entries by name in tree order, so values on top keep a field's place in the payload.
  const byName = new Map<string, string[]>(named.map((f) => [f.name, []]));
  for (const [name, value] of formEntries(fields, submitter && page.of(submitter))) {
    byName.get(name)?.push(typeof value === 'string' ? value : value.name);
  }
  const names = [...new Set(named.filter((f) => f.node.name !== 'button').map((f) => f.name))];
  for (const [name, value] of Object.entries(values)) {
    if (!names.includes(name)) throw noField(formSelector, name, names);
    byName.set(
      name,
      typed(
        value,
        named.map((f) => f.node),
        name,
      ),
    );
  }
  const entries: FormEntry[] = [];
  for (const [name, list] of byName) for (const value of list) entries.push([name, value]);
  return { ...payloadOf(entries), ...used.payload(page.of(form)) };
}

/** The fields the test's user has used, per lv-form form, as the browser keeps them. */
export const used = new UsedFields();

/** The names of a form's fields, for a submit (every field counts as used). */
export const fieldNames = (dom: Dom, form: Element): string[] =>
  fieldsOf(dom, form).map((el) => attr(el, 'name') ?? '');

function typed(value: FormValues[string], fields: Element[], name: string): string[] {
  if (value === false || value === null) return [];
  if (value === true) {
    const box = fields.find((f) => attr(f, 'name') === name);
    return [box === undefined ? 'on' : (attr(box, 'value') ?? 'on')];
  }
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}
