/** Form fields as event payloads, with the browser's own FormData rules. */
import { type Payload, payloadOf, UsedFields } from '@kinetic/protocol/page';

// Binding resolution and payloads are shared with @kinetic/testing, which reads a page
// without a DOM by the same rules.
export { fieldValue, type Payload, valuesOf } from '@kinetic/protocol/page';

/**
 * All fields of a form: unchecked boxes are absent, a repeated name becomes an array,
 * a file field gives its file name (uploads travel separately).
 */
export const serializeForm = (form: HTMLFormElement, submitter?: HTMLElement | null): Payload => ({
  ...payloadOf(new FormData(form, submitter)),
  ...used.payload(form),
});

/** The fields the user has used, per lv-form form (docs/forms.md). */
export const used = new UsedFields();

export type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

export const isField = (el: Element | null): el is Field =>
  el instanceof HTMLInputElement ||
  el instanceof HTMLTextAreaElement ||
  el instanceof HTMLSelectElement;

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

/** Fields the user typed in since their last change was sent. */
const typedSince = new WeakSet<Element>();
/** Changes sent from a field and not answered yet. */
const unanswered = new Map<Element, number>();

/** The user typed in `field`: what the server renders for it is older than the field. */
export const typed = (field: Element): void => void typedSince.add(field);

/** A change from `field` is sent; the function returned is called with its reply. */
export function sending(field: Element): () => void {
  typedSince.delete(field);
  unanswered.set(field, (unanswered.get(field) ?? 0) + 1);
  return () => {
    const n = (unanswered.get(field) ?? 1) - 1;
    if (n > 0) unanswered.set(field, n);
    else unanswered.delete(field);
  };
}

/**
 * True while the field holds input the server has not answered: typed since its last
 * change was sent, or with a newer change in flight than the reply being applied. A reply
 * to an older change must not roll the field back to what the user typed before.
 */
export const holdsNewerInput = (el: Element): boolean =>
  typedSince.has(el) || (unanswered.get(el) ?? 0) > 1;
