/**
 * Form recovery: when a view mounts again on the server (a new session after a restart,
 * a deploy, an expired grace period), what the user typed is put back and sent, so the
 * server's state catches up with the page. The same runs once after a page load for
 * fields the browser restored (reload, back): the initial sync.
 */
import { type Field, isField, type Payload, serializeForm } from './forms.js';

/** The fields of one form as the user left them: `[name, state]` in document order. */
export interface SavedForm {
  id: string;
  fields: Array<[string, string | boolean]>;
}

/**
 * The event a form recovers with: `lv-auto-recover="event"`, else its lv-change;
 * `lv-auto-recover="ignore"` opts out.
 */
const recoverEvent = (form: HTMLFormElement): string | null => {
  const how = form.getAttribute('lv-auto-recover');
  return how === 'ignore' ? null : how || form.getAttribute('lv-change');
};

/** Fields whose state is the user's: hidden fields are the server's, files cannot be set. */
const userFields = (form: HTMLFormElement): Field[] =>
  [...form.elements].filter(
    (el): el is Field =>
      isField(el) && el.name !== '' && el.type !== 'hidden' && el.type !== 'file',
  );

const stateOf = (el: Field): string | boolean =>
  el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')
    ? el.checked
    : el instanceof HTMLSelectElement
      ? Array.from(el.selectedOptions, (o) => o.index).join()
      : el.value;

const isDefault = (el: Field): boolean => {
  if (el instanceof HTMLSelectElement) {
    if (el.multiple || el.size > 1) {
      return [...el.options].every((o) => o.selected === o.defaultSelected);
    }
    // A single select shows its last `selected` option, or its first with none.
    let shown = 0;
    for (const option of el.options) if (option.defaultSelected) shown = option.index;
    return el.selectedIndex === shown;
  }
  if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
    return el.checked === el.defaultChecked;
  }
  return el.value === el.defaultValue;
};

/** Forms with an id that belong to the view `root` (not to a view nested in it). */
const formsOf = (root: HTMLElement): HTMLFormElement[] =>
  [...root.querySelectorAll<HTMLFormElement>('form[id]')].filter(
    (form) => form.closest('[data-live-view]') === root && recoverEvent(form) !== null,
  );

/**
 * Saves the forms of a view before it joins again. `changedOnly` (the initial sync) keeps
 * only forms whose fields differ from what the HTML said.
 */
export function saveForms(root: HTMLElement, changedOnly: boolean): SavedForm[] {
  const saved: SavedForm[] = [];
  for (const form of formsOf(root)) {
    const fields = userFields(form);
    if (changedOnly && fields.every(isDefault)) continue;
    saved.push({ id: form.id, fields: fields.map((el) => [el.name, stateOf(el)]) });
  }
  return saved;
}

/**
 * Once the view has joined (and the server's render is on the page): puts the saved
 * states back, then sends each form's recover event with all its fields, like lv-change
 * without `_target`.
 */
export function recoverForms(
  root: HTMLElement,
  saved: SavedForm[],
  send: (form: HTMLFormElement, event: string, payload: Payload) => void,
): void {
  for (const { id, fields } of saved) {
    const form = document.getElementById(id);
    if (!(form instanceof HTMLFormElement) || !root.contains(form)) continue;
    const event = recoverEvent(form);
    if (event === null) continue;
    for (const [i, el] of userFields(form).entries()) {
      const [name, state] = fields[i] ?? [];
      // The field being typed in kept its state through the render and may be newer.
      if (name !== el.name || state === undefined || el === document.activeElement) continue;
      if (stateOf(el) === state) continue;
      if (typeof state === 'boolean') (el as HTMLInputElement).checked = state;
      else if (el instanceof HTMLSelectElement) {
        const picked = state.split(',');
        for (const option of el.options) option.selected = picked.includes(String(option.index));
      } else el.value = state;
    }
    send(form, event, serializeForm(form));
  }
}
