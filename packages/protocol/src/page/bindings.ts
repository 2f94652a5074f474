import { isField, type PageElement, type PageField } from './element.js';
import { fieldValue, type Payload, valuesOf } from './form.js';

/**
 * What one user action sends, resolved from the page's lv-* attributes: the event of
 * lv-<kind> on `el`, and a payload read when it is sent (lv-debounce may delay it).
 */
export interface Binding<E extends PageElement = PageElement> {
  /** The element with the lv-* attribute: it carries the loading class and lv-target. */
  readonly el: E;
  /** `click`, `change`, `submit`, `input`, `keydown`, `window-keydown`, `focus`, ... */
  readonly kind: string;
  readonly event: string;
  readonly payload: () => Payload;
  /** Whose lv-debounce / lv-throttle applies, when not `el`'s. */
  readonly limitEl?: E | undefined;
}

/** Serializes a form (the browser's FormData, or formEntries() without a DOM). */
export type SerializeForm<E extends PageElement> = (form: E, submitter?: E | null) => Payload;

const attr = (el: PageElement, name: string): string => el.getAttribute(name) ?? '';

/** The live component an event goes to: its element's lv-target. */
export const targetOf = (el: PageElement): string | undefined =>
  el.getAttribute('lv-target') ?? undefined;

const bind = <E extends PageElement>(
  el: E,
  kind: string,
  payload: () => Payload,
  limitEl?: E,
): Binding<E> => ({
  el,
  kind,
  event: attr(el, `lv-${kind}`),
  payload,
  limitEl,
});

/** lv-<kind> of `el` with lv-value-* and, for a field, its value. */
const simple = <E extends PageElement>(el: E, kind: string, extra: Payload = {}): Binding<E> =>
  bind(el, kind, () => ({
    ...extra,
    ...(isField(el) ? { value: el.value } : {}),
    ...valuesOf(el),
  }));

/** The element or its closest ancestor with the attribute `name`. */
const closestWith = <E extends PageElement>(el: E, name: string): E | undefined =>
  (el.closest(`[${name}]`) as E | null) ?? undefined;

/** A click: the closest lv-click (events bubble), with its lv-value-*. */
export function clickBinding<E extends PageElement>(origin: E): Binding<E> | undefined {
  const el = closestWith(origin, 'lv-click');
  return el && bind(el, 'click', () => valuesOf(el));
}

/** An lv-patch / lv-navigate link around `origin`, and the URL it names (href by default). */
export function linkOf<E extends PageElement>(
  origin: E,
): { readonly el: E; readonly kind: 'patch' | 'navigate'; readonly url: string } | undefined {
  const el = origin.closest('a[lv-patch],a[lv-navigate]') as E | null;
  if (el === null) return undefined;
  const kind = el.hasAttribute('lv-patch') ? 'patch' : 'navigate';
  return { el, kind, url: attr(el, `lv-${kind}`) || attr(el, 'href') };
}

/** Typing into a field: its lv-input with `{value}`. */
export function inputBinding<E extends PageElement>(field: E & PageField): Binding<E> | undefined {
  if (!field.hasAttribute('lv-input')) return undefined;
  return bind<E>(field, 'input', () => ({ ...valuesOf(field), value: fieldValue(field) }));
}

/**
 * A field changed (input or change event): its form's lv-change with every field and
 * `_target` the field's name, or else the field's own lv-change with `{value, name}`.
 */
export function changeBinding<E extends PageElement>(
  field: E & PageField,
  serialize: SerializeForm<E>,
): Binding<E> | undefined {
  const form = field.form as E | null;
  if (form?.hasAttribute('lv-change')) {
    // The field's own lv-debounce / lv-throttle holds the form's change.
    const limited = field.hasAttribute('lv-debounce') || field.hasAttribute('lv-throttle');
    const payload = () => ({ ...serialize(form), _target: field.name });
    return bind(form, 'change', payload, limited ? field : form);
  }
  if (!field.hasAttribute('lv-change')) return undefined;
  return bind<E>(field, 'change', () => {
    const payload: Payload = { ...valuesOf(field) };
    const value = fieldValue(field);
    if (value !== undefined) payload.value = value;
    if (field.name) payload.name = field.name;
    return payload;
  });
}

/** A submit of `form` (by `submitter`, when a button did it): its lv-submit, every field. */
export function submitBinding<E extends PageElement>(
  form: E,
  serialize: SerializeForm<E>,
  submitter?: E | null,
): Binding<E> | undefined {
  return form.hasAttribute('lv-submit')
    ? bind(form, 'submit', () => serialize(form, submitter))
    : undefined;
}

/** Whether lv-key (if any) names `key`, case-insensitively. */
export function keyMatches(el: PageElement, key: string): boolean {
  const wanted = el.getAttribute('lv-key');
  return wanted === null || wanted.toLowerCase() === key.toLowerCase();
}

/** A key press: the closest lv-keydown / lv-keyup, if its lv-key matches, with `{key}`. */
export function keyBinding<E extends PageElement>(
  origin: E,
  kind: 'keydown' | 'keyup',
  key: string,
): Binding<E> | undefined {
  const el = closestWith(origin, `lv-${kind}`);
  return el && keyMatches(el, key) ? simple(el, kind, { key }) : undefined;
}

/** The same key press reaching the window: every matching lv-window-keydown / -keyup. */
export function windowKeyBindings<E extends PageElement>(
  bound: Iterable<E>,
  kind: 'keydown' | 'keyup',
  key: string,
): Binding<E>[] {
  const out: Binding<E>[] = [];
  for (const el of bound) if (keyMatches(el, key)) out.push(simple(el, `window-${kind}`, { key }));
  return out;
}

/** An element gained or lost focus: its own lv-focus / lv-blur. */
export function focusBinding<E extends PageElement>(
  el: E,
  kind: 'focus' | 'blur',
): Binding<E> | undefined {
  return el.hasAttribute(`lv-${kind}`) ? simple(el, kind) : undefined;
}

/** The window gained or lost focus: every lv-window-focus / -blur. */
export const windowFocusBindings = <E extends PageElement>(
  bound: Iterable<E>,
  kind: 'focus' | 'blur',
): Binding<E>[] => Array.from(bound, (el) => simple(el, `window-${kind}`));

/** How lv-debounce / lv-throttle limit an element's sends, as the browser applies them. */
export type RateLimit =
  | { readonly kind: 'debounce'; readonly ms: number | 'blur' }
  | { readonly kind: 'throttle'; readonly ms: number };

/**
 * lv-debounce="300" waits 300 ms after the last event, "blur" (or anything not a number)
 * until the element loses focus; lv-throttle="300" sends at most once per 300 ms.
 */
export function rateLimitOf(el: PageElement): RateLimit | undefined {
  const debounce = el.getAttribute('lv-debounce');
  if (debounce !== null) {
    const ms = Number(debounce);
    return { kind: 'debounce', ms: ms >= 0 ? ms : 'blur' };
  }
  const throttle = Number(el.getAttribute('lv-throttle'));
  return throttle > 0 ? { kind: 'throttle', ms: throttle } : undefined;
}
