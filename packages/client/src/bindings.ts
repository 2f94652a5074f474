import type { PageSocket } from './connection.js';
import {
  type Field,
  fieldValue,
  isField,
  type Payload,
  resetUntouched,
  serializeForm,
  snapshotFields,
  valuesOf,
} from './forms.js';
import { startLoading } from './loading.js';
import { flush, flushWithin, rateLimited } from './timing.js';

/** One firing of an lv-* binding. */
interface Binding {
  /** The element with the lv-* attribute; it carries the loading class. */
  el: Element;
  /** lv-<kind>, and lv-<kind>-loading. */
  kind: string;
  event: string;
  /** Read when the event is sent, which debounce may delay. */
  payload: () => Payload;
  /** Whose lv-target addresses a live component (the form, for form events). */
  targetEl?: Element;
  /** Whose lv-debounce / lv-throttle applies. */
  limitEl?: Element;
  disable?: Element[];
  answered?: () => void;
}

const KEY_KINDS = ['keydown', 'keyup'] as const;

const origin = (e: Event): Element | null => (e.target instanceof Element ? e.target : null);

/**
 * Listens on document and window for every lv-* binding. Delegation means elements the
 * server adds later need no wiring; `signal` removes every listener.
 */
export function installBindings(socket: PageSocket, signal: AbortSignal): void {
  const on = <E extends Event>(target: EventTarget, type: string, listener: (e: E) => void) =>
    target.addEventListener(type, listener as EventListener, { signal });

  const send = (b: Binding): void => {
    if (!socket.viewOf(b.el)?.joined) return;
    rateLimited(b.limitEl ?? b.el, b.kind, () => {
      const view = socket.viewOf(b.el);
      if (!view?.joined) return;
      const target = (b.targetEl ?? b.el).getAttribute('lv-target') ?? undefined;
      const disable = b.disable ?? (b.el.hasAttribute('lv-disable-with') ? [b.el] : []);
      const settle = startLoading(b.el, b.kind, disable);
      // Failures are reported where the `x` frame arrives; nothing more to do here.
      socket.pushEvent(view, b.event, b.payload(), target, settle).then(b.answered, () => {});
    });
  };

  /** Sends the binding lv-<kind> of `el` with lv-value-* and, for fields, the value. */
  const simple = (el: Element, kind: string, event: string, extra: Payload = {}) =>
    send({
      el,
      kind,
      event,
      payload: () => ({ ...extra, ...(isField(el) ? { value: el.value } : {}), ...valuesOf(el) }),
    });

  on<MouseEvent>(document, 'click', (e) => {
    const el = origin(e)?.closest('[lv-click]');
    if (!el) return;
    if (el.getAttribute('href') === '#') e.preventDefault();
    send({ el, kind: 'click', event: attr(el, 'lv-click'), payload: () => valuesOf(el) });
  });

  // A text field fires input per keystroke and change on blur: the change adds nothing.
  const sawInput = new WeakSet<Element>();
  const onField = (e: Event): void => {
    const field = origin(e);
    if (!isField(field)) return;
    if (e.type === 'input') sawInput.add(field);
    else if (sawInput.delete(field)) return;
    if (e.type === 'input' && field.hasAttribute('lv-input')) {
      send({
        el: field,
        kind: 'input',
        event: attr(field, 'lv-input'),
        payload: () => ({ ...valuesOf(field), value: fieldValue(field) }),
      });
    }
    const form = field.form;
    if (form?.hasAttribute('lv-change')) {
      const limited = field.hasAttribute('lv-debounce') || field.hasAttribute('lv-throttle');
      send({
        el: form,
        kind: 'change',
        event: attr(form, 'lv-change'),
        payload: () => ({ ...serializeForm(form), _target: field.name }),
        limitEl: limited ? field : form,
      });
    } else if (field.hasAttribute('lv-change')) {
      send({
        el: field,
        kind: 'change',
        event: attr(field, 'lv-change'),
        payload: () => lone(field),
      });
    }
  };
  on(document, 'input', onField);
  on(document, 'change', onField);

  on<SubmitEvent>(document, 'submit', (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('lv-submit')) return;
    e.preventDefault();
    // A debounced change must reach the server before the submit it precedes.
    flushWithin(form);
    const submitter = e.submitter;
    const snapshot = snapshotFields(form);
    send({
      el: form,
      kind: 'submit',
      event: attr(form, 'lv-submit'),
      payload: () => serializeForm(form, submitter),
      disable: [...form.querySelectorAll('[lv-disable-with]')],
      answered: () => resetUntouched(snapshot),
    });
  });

  for (const kind of KEY_KINDS) {
    on<KeyboardEvent>(document, kind, (e) => {
      const el = origin(e)?.closest(`[lv-${kind}]`);
      if (el && keyMatches(el, e)) simple(el, kind, attr(el, `lv-${kind}`), { key: e.key });
    });
    on<KeyboardEvent>(window, kind, (e) => {
      for (const el of document.querySelectorAll(`[lv-window-${kind}]`)) {
        if (keyMatches(el, e))
          simple(el, `window-${kind}`, attr(el, `lv-window-${kind}`), { key: e.key });
      }
    });
  }

  on(document, 'focusin', (e) => {
    const el = origin(e);
    if (el?.hasAttribute('lv-focus')) simple(el, 'focus', attr(el, 'lv-focus'));
  });
  on(document, 'focusout', (e) => {
    const el = origin(e);
    if (!el) return;
    flush(el);
    if (isField(el) && el.form) flush(el.form);
    if (!el.hasAttribute('lv-blur')) return;
    simple(el, 'blur', attr(el, 'lv-blur'));
    // The field's own lv-debounce would hold its lv-blur until the next blur.
    flush(el);
  });
  for (const kind of ['focus', 'blur']) {
    on(window, kind, (e) => {
      // Element focus events reach window only in capture; this is the window itself.
      if (e.target !== window) return;
      for (const el of document.querySelectorAll(`[lv-window-${kind}]`)) {
        simple(el, `window-${kind}`, attr(el, `lv-window-${kind}`));
      }
    });
  }
}

const attr = (el: Element, name: string): string => el.getAttribute(name) ?? '';

const keyMatches = (el: Element, e: KeyboardEvent): boolean => {
  const wanted = el.getAttribute('lv-key');
  return wanted === null || wanted.toLowerCase() === e.key.toLowerCase();
};

/** lv-change on a field outside an lv-change form: its value, and its name if it has one. */
const lone = (field: Field): Payload => {
  const payload: Payload = { ...valuesOf(field) };
  const value = fieldValue(field);
  if (value !== undefined) payload.value = value;
  if (field.name) payload.name = field.name;
  return payload;
};
