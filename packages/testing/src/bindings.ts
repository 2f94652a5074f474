/**
 * Resolves what a user's action sends, from the DOM, the way @kinetic/client's bindings do
 * (packages/client/src/bindings.ts, navigation.ts): the same attributes, the same payloads.
 * Where the browser would silently do nothing, a test gets an error instead.
 */
import { attr, closest, type Dom, type Element, hasAttr, outerHtml } from './dom.js';
import { badValues, disabled, noBinding } from './errors.js';
import {
  domValue,
  type FormValues,
  formOf,
  isDisabled,
  isField,
  isSubmitter,
  type Payload,
  serializeForm,
  typedFieldValue,
  valuesOf,
} from './form.js';

/** One thing to send: an event (to the view, or a component with `target`), or a URL change. */
export type Action =
  | {
      readonly kind: 'event';
      readonly event: string;
      readonly payload: Payload;
      readonly target: string | undefined;
    }
  | { readonly kind: 'patch' | 'navigate'; readonly url: string };

/** A lone field's new value: what `change('#field', value)` and `input()` take. */
export type FieldValue = FormValues[string];

/** The selector that means the window, for keydown/keyup/focus/blur. */
export const WINDOW = 'window';

const event = (el: Element, name: string, payload: Payload, targetEl: Element = el): Action => ({
  kind: 'event',
  event: attr(el, name) ?? '',
  payload,
  target: attr(targetEl, 'lv-target'),
});

const bound = (name: string) => (el: Element) => hasAttr(el, name);

function ensureEnabled(el: Element, selector: string): void {
  const control = closest(el, (up) => ['button', 'input', 'select', 'textarea'].includes(up.name));
  if (control !== undefined && isDisabled(control)) throw disabled(selector, outerHtml(control));
}

/** A click: lv-click (closest, as events bubble), an lv-patch/lv-navigate link, or a submit button. */
export function clickActions(dom: Dom, selector: string): Action[] {
  const el = dom.one(selector);
  ensureEnabled(el, selector);
  const clickable = closest(el, bound('lv-click'));
  if (clickable !== undefined) return [event(clickable, 'lv-click', valuesOf(clickable))];
  const link = closest(
    el,
    (up) => up.name === 'a' && (hasAttr(up, 'lv-patch') || hasAttr(up, 'lv-navigate')),
  );
  if (link !== undefined) {
    const isPatch = hasAttr(link, 'lv-patch');
    const url = attr(link, isPatch ? 'lv-patch' : 'lv-navigate') || attr(link, 'href') || '';
    return [{ kind: isPatch ? 'patch' : 'navigate', url }];
  }
  const submitter = closest(el, isSubmitter);
  const form = submitter && formOf(dom, submitter);
  if (submitter !== undefined && form !== undefined && hasAttr(form, 'lv-submit')) {
    return [event(form, 'lv-submit', serializeForm(dom, form, selector, {}, submitter))];
  }
  throw noBinding(
    selector,
    'lv-click (and it is not an lv-patch/lv-navigate link, nor a submit button of an lv-submit form)',
    outerHtml(el),
  );
}

const isFormValues = (v: unknown): v is FormValues =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The form change a field's input or change event sends, or its own lv-change. */
function fieldChange(dom: Dom, field: Element, selector: string, value: FieldValue): Action[] {
  const form = formOf(dom, field);
  const name = attr(field, 'name') ?? '';
  if (form !== undefined && hasAttr(form, 'lv-change')) {
    const values = name === '' ? {} : { [name]: value };
    return [
      event(form, 'lv-change', { ...serializeForm(dom, form, selector, values), _target: name }),
    ];
  }
  if (hasAttr(field, 'lv-change')) {
    const payload: Payload = { ...valuesOf(field) };
    const sent = typedFieldValue(field, value);
    if (sent !== undefined) payload.value = sent;
    if (name !== '') payload.name = name;
    return [event(field, 'lv-change', payload)];
  }
  return [];
}

/**
 * A change: on a form with lv-change, every field plus `_target` (the first key of `values`
 * unless `target` says otherwise); on a field, what the client sends when that field changes.
 */
export function changeActions(
  dom: Dom,
  selector: string,
  values: FormValues | FieldValue | undefined,
  target: string | undefined,
): Action[] {
  const el = dom.one(selector);
  if (el.name === 'form') {
    if (!hasAttr(el, 'lv-change')) throw noBinding(selector, 'lv-change', outerHtml(el));
    if (values !== undefined && !isFormValues(values)) {
      throw badValues(selector, 'field values by name, e.g. { q: "rust" }');
    }
    const payload = serializeForm(dom, el, selector, values);
    const changed = target ?? Object.keys(values ?? {})[0];
    return [
      event(el, 'lv-change', changed === undefined ? payload : { ...payload, _target: changed }),
    ];
  }
  if (!isField(el))
    throw noBinding(selector, 'lv-change (target a form or a field)', outerHtml(el));
  if (isFormValues(values)) throw badValues(selector, 'the field’s new value, e.g. "rust"');
  ensureEnabled(el, selector);
  const actions = fieldChange(dom, el, selector, values ?? domValue(el));
  if (actions.length === 0) {
    throw noBinding(selector, 'lv-change, nor a form with lv-change around it', outerHtml(el));
  }
  return actions;
}

/** Typing into a field: its lv-input with `{value}`, then the change its form or it binds. */
export function inputActions(dom: Dom, selector: string, value: string): Action[] {
  const el = dom.one(selector);
  if (!isField(el)) throw noBinding(selector, 'lv-input (target a field)', outerHtml(el));
  ensureEnabled(el, selector);
  const actions: Action[] = [];
  if (hasAttr(el, 'lv-input')) actions.push(event(el, 'lv-input', { ...valuesOf(el), value }));
  actions.push(...fieldChange(dom, el, selector, value));
  if (actions.length === 0) {
    throw noBinding(selector, 'lv-input or lv-change, nor a form with lv-change', outerHtml(el));
  }
  return actions;
}

/** A submit of the form `selector` names (or holds, for a submit button). */
export function submitActions(dom: Dom, selector: string, values: FormValues): Action[] {
  const el = dom.one(selector);
  const form = el.name === 'form' ? el : formOf(dom, el);
  if (form === undefined || !hasAttr(form, 'lv-submit')) {
    throw noBinding(selector, 'lv-submit (on its form)', outerHtml(form ?? el));
  }
  const submitter = el !== form && isSubmitter(el) ? el : undefined;
  if (submitter !== undefined) ensureEnabled(submitter, selector);
  return [event(form, 'lv-submit', serializeForm(dom, form, selector, values, submitter))];
}

const keyMatches = (el: Element, key: string): boolean => {
  const wanted = attr(el, 'lv-key');
  return wanted === undefined || wanted.toLowerCase() === key.toLowerCase();
};

/** lv-value-*, plus the field's value: the client's payload for key and focus bindings. */
const simplePayload = (el: Element, extra: Payload, value: string | undefined): Payload => ({
  ...extra,
  ...(isField(el) ? { value: value ?? domValue(el) } : {}),
  ...valuesOf(el),
});

/**
 * A key press on `selector` (or the window): the closest lv-keydown/lv-keyup whose lv-key
 * matches, then, as the event bubbles to the window, every matching lv-window-* binding.
 */
export function keyActions(
  dom: Dom,
  kind: 'keydown' | 'keyup',
  selector: string,
  key: string,
  value: string | undefined,
): Action[] {
  const actions: Action[] = [];
  let found: Element | undefined;
  if (selector !== WINDOW) {
    const el = dom.one(selector);
    found = closest(el, bound(`lv-${kind}`));
    if (found !== undefined && keyMatches(found, key)) {
      actions.push(event(found, `lv-${kind}`, simplePayload(found, { key }, value)));
    }
  }
  const windowBound = dom.all(`[lv-window-${kind}]`);
  for (const el of windowBound) {
    if (keyMatches(el, key))
      actions.push(event(el, `lv-window-${kind}`, simplePayload(el, { key }, value)));
  }
  if (found === undefined && windowBound.length === 0) {
    const at = selector === WINDOW ? undefined : dom.one(selector);
    throw noBinding(
      selector,
      `lv-${kind} (nor does the page have lv-window-${kind})`,
      at ? outerHtml(at) : '(the window)',
    );
  }
  return actions;
}

/** Focus or blur: the element's own lv-focus/lv-blur, or the window's lv-window-* bindings. */
export function focusActions(
  dom: Dom,
  kind: 'focus' | 'blur',
  selector: string,
  value: string | undefined,
): Action[] {
  if (selector === WINDOW) {
    const els = dom.all(`[lv-window-${kind}]`);
    if (els.length === 0)
      throw noBinding(WINDOW, `lv-window-${kind} anywhere on the page`, '(the window)');
    return els.map((el) => event(el, `lv-window-${kind}`, simplePayload(el, {}, value)));
  }
  const el = dom.one(selector);
  if (!hasAttr(el, `lv-${kind}`)) throw noBinding(selector, `lv-${kind}`, outerHtml(el));
  ensureEnabled(el, selector);
  return [event(el, `lv-${kind}`, simplePayload(el, {}, value))];
}
