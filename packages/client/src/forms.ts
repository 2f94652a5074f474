/** Form fields as event payloads, with the browser's own FormData rules. */

export type Payload = Record<string, unknown>;

/**
 * All fields of a form: unchecked boxes are absent, a repeated name becomes an array,
 * a file field gives its file name (uploads travel separately).
 */
export function serializeForm(form: HTMLFormElement, submitter?: HTMLElement | null): Payload {
  const fields = new Map<string, unknown>();
  for (const [name, entry] of new FormData(form, submitter)) {
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
export function valuesOf(el: Element): Payload {
  return Object.fromEntries(
    el
      .getAttributeNames()
      .filter((name) => name.startsWith('lv-value-'))
      .map((name) => [name.slice(9), el.getAttribute(name)]),
  );
}

export type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

export const isField = (el: Element | null): el is Field =>
  el instanceof HTMLInputElement ||
  el instanceof HTMLTextAreaElement ||
  el instanceof HTMLSelectElement;

/** A lone field's value; an unchecked box has none, as in a submitted form. */
export function fieldValue(field: Field): string | undefined {
  if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) {
    return field.checked ? field.value : undefined;
  }
  return field.value;
}

/** The values the user sees in a form's fields, to tell later whether they typed on. */
export function snapshotFields(form: HTMLFormElement): Map<Element, string> {
  const snapshot = new Map<Element, string>();
  for (const el of form.elements) if (isField(el)) snapshot.set(el, stateOf(el));
  return snapshot;
}

/**
 * After a submit is answered, fields the user left alone show what the server rendered,
 * as a full page submit would (a chat box empties, a saved form shows saved values).
 */
export function resetUntouched(snapshot: Map<Element, string>): void {
  for (const [el, before] of snapshot) {
    if (!el.isConnected || !isField(el) || stateOf(el) !== before) continue;
    if (el instanceof HTMLInputElement) {
      // A file field's value can only be cleared, and its files are the user's.
      if (el.type === 'file') continue;
      el.value = el.defaultValue;
      el.checked = el.defaultChecked;
    } else if (el instanceof HTMLTextAreaElement) {
      el.value = el.defaultValue;
    } else {
      for (const option of el.options) option.selected = option.defaultSelected;
    }
  }
}

const stateOf = (el: Field): string =>
  el instanceof HTMLInputElement
    ? `${el.checked}${el.value}`
    : el instanceof HTMLSelectElement
      ? Array.from(el.selectedOptions, (o) => o.index).join()
      : el.value;
