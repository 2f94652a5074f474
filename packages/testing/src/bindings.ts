/**
 * Resolves what a user's action sends, from the DOM, with the browser runtime's own binding
 * rules (@kinetic/protocol/page, which @kinetic/client runs on real elements). What is
 * left here is the harness's part: what the test says the user typed, and an error where
 * the browser would silently do nothing.
 */
import {
  type Binding,
  changeBinding,
  clickBinding,
  focusBinding,
  inputBinding,
  isDisabled,
  keyBinding,
  linkOf,
  type SerializeForm,
  submitBinding,
  targetOf,
  windowFocusBindings,
  windowKeyBindings,
} from '@kinetic/protocol/page';
import { closest, type Dom, type Element, hasAttr, outerHtml } from './dom.js';
import { badValues, disabled, noBinding } from './errors.js';
import { type FormValues, formOf, isField, isSubmitter } from './form.js';
import { fieldNames, type Payload, serializeForm, used } from './form-payload.js';
import { type FieldValue, PageView, type TestElement } from './page-element.js';

export type { FieldValue };

/** One thing to send: an event (to the view, or a component with `target`), or a URL change. */
export type Action =
  | {
      readonly kind: 'event';
      readonly event: string;
      readonly payload: Payload;
      readonly target: string | undefined;
    }
  | { readonly kind: 'patch' | 'navigate'; readonly url: string };

/** The selector that means the window, for keydown/keyup/focus/blur. */
export const WINDOW = 'window';

/**
 * Sends a resolved binding now: the harness applies no lv-debounce / lv-throttle. A binding
 * of JS commands sends what its push, navigate and patch commands send in the browser;
 * what its other commands do to the page (classes, visibility, focus) is the browser's.
 */
function send(b: Binding<TestElement>): Action[] {
  if (!b.event.startsWith('[')) {
    return [{ kind: 'event', event: b.event, payload: b.payload(), target: targetOf(b.el) }];
  }
  const actions: Action[] = [];
  for (const [name, args] of JSON.parse(b.event) as [string, Record<string, string>][]) {
    if (name === 'push') {
      const payload = { ...b.payload(), ...(args.value as unknown as Payload | undefined) };
      actions.push({
        kind: 'event',
        event: String(args.event),
        payload,
        target: args.target ?? targetOf(b.el),
      });
    } else if (name === 'navigate' || name === 'patch') {
      actions.push({ kind: name, url: String(args.href) });
    }
  }
  return actions;
}

/** The form serializer the shared resolvers call, with what the user typed on top. */
const serializer =
  (dom: Dom, selector: string, values?: FormValues): SerializeForm<TestElement> =>
  (form, submitter) =>
    serializeForm(dom, form.node, selector, values, submitter?.node);

function ensureEnabled(dom: Dom, el: Element, selector: string): void {
  const control = closest(el, (up) => ['button', 'input', 'select', 'textarea'].includes(up.name));
  if (control !== undefined && isDisabled(new PageView(dom).of(control))) {
    throw disabled(selector, outerHtml(control));
  }
}

/** A click: lv-click (closest, as events bubble), an lv-patch/lv-navigate link, or a submit button. */
export function clickActions(dom: Dom, selector: string): Action[] {
  const el = dom.one(selector);
  ensureEnabled(dom, el, selector);
  const view = new PageView(dom);
  const origin = view.of(el);
  const click = clickBinding(origin);
  if (click !== undefined) return send(click);
  const link = linkOf(origin);
  if (link !== undefined) return [{ kind: link.kind, url: link.url }];
  const submitter = closest(el, isSubmitter);
  const form = submitter && formOf(dom, submitter);
  if (submitter !== undefined && form !== undefined) {
    const submit = submitBinding(view.of(form), serializer(dom, selector), view.of(submitter));
    if (submit !== undefined) return send(submit);
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
function fieldChange(
  dom: Dom,
  field: Element,
  selector: string,
  value: FieldValue | undefined,
): Action[] {
  const page = new PageView(dom).type(field, value);
  used.mark(page.form, page.name);
  const values = page.name === '' || value === undefined ? {} : { [page.name]: value };
  const change = changeBinding(page, serializer(dom, selector, values));
  return change === undefined ? [] : send(change);
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
    // The form itself changed, as no one field's event would say: `_target` is the test's.
    const form = new PageView(dom).of(el);
    used.markAll(form, Object.keys(values ?? {}));
    const payload = serializeForm(dom, el, selector, values);
    const changed = target ?? Object.keys(values ?? {})[0];
    return [
      {
        kind: 'event',
        event: form.getAttribute('lv-change') ?? '',
        payload: changed === undefined ? payload : { ...payload, _target: changed },
        target: targetOf(form),
      },
    ];
  }
  if (!isField(el))
    throw noBinding(selector, 'lv-change (target a form or a field)', outerHtml(el));
  if (isFormValues(values)) throw badValues(selector, 'the field’s new value, e.g. "rust"');
  ensureEnabled(dom, el, selector);
  const actions = fieldChange(dom, el, selector, values);
  if (actions.length === 0) {
    throw noBinding(selector, 'lv-change, nor a form with lv-change around it', outerHtml(el));
  }
  return actions;
}

/** Typing into a field: its lv-input with `{value}`, then the change its form or it binds. */
export function inputActions(dom: Dom, selector: string, value: string): Action[] {
  const el = dom.one(selector);
  if (!isField(el)) throw noBinding(selector, 'lv-input (target a field)', outerHtml(el));
  ensureEnabled(dom, el, selector);
  const input = inputBinding(new PageView(dom).type(el, value));
  const actions = input === undefined ? [] : send(input);
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
  const submitter = form !== undefined && el !== form && isSubmitter(el) ? el : undefined;
  const page = new PageView(dom);
  if (form !== undefined) used.markAll(page.of(form), fieldNames(dom, form));
  const submit =
    form &&
    submitBinding(
      page.of(form),
      serializer(dom, selector, values),
      submitter && page.of(submitter),
    );
  if (submit === undefined) {
    throw noBinding(selector, 'lv-submit (on its form)', outerHtml(form ?? el));
  }
  if (submitter !== undefined) ensureEnabled(dom, submitter, selector);
  return send(submit);
}

/** The page with `value` typed into every field the action reads (the test's `{ value }`). */
function typedPage(dom: Dom, value: string | undefined, els: Element[]): TestElement[] {
  const page = new PageView(dom);
  return els.map((el) => (isField(el) ? page.type(el, value) : page.of(el)));
}

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
  const at = selector === WINDOW ? undefined : dom.one(selector);
  const windowBound = dom.all(`[lv-window-${kind}]`);
  const bindings: Binding<TestElement>[] = [];
  // The closest lv-keydown / lv-keyup; the value the user typed is that field's.
  const owner = at && closest(at, (up) => hasAttr(up, `lv-${kind}`));
  const [bound] = owner ? typedPage(dom, value, [owner]) : [];
  const press = bound && keyBinding(bound, kind, key);
  if (press) bindings.push(press);
  bindings.push(...windowKeyBindings(typedPage(dom, value, windowBound), kind, key));
  if (owner === undefined && windowBound.length === 0) {
    throw noBinding(
      selector,
      `lv-${kind} (nor does the page have lv-window-${kind})`,
      at ? outerHtml(at) : '(the window)',
    );
  }
  return bindings.flatMap(send);
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
    return windowFocusBindings(typedPage(dom, value, els), kind).flatMap(send);
  }
  const el = dom.one(selector);
  const [page] = typedPage(dom, value, [el]) as [TestElement];
  const focus = focusBinding(page, kind);
  // Leaving a field of an lv-form form uses it: the browser sends the form's change.
  const left =
    kind === 'blur' && isField(el) && used.mark(page.form, page.name)
      ? fieldChange(dom, el, selector, undefined)
      : [];
  if (focus === undefined && left.length === 0) {
    throw noBinding(selector, `lv-${kind}`, outerHtml(el));
  }
  ensureEnabled(dom, el, selector);
  return [...left, ...(focus === undefined ? [] : send(focus))];
}
