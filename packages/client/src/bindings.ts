import {
  type Binding,
  changeBinding,
  clickBinding,
  focusBinding,
  inputBinding,
  keyBinding,
  type SerializeForm,
  submitBinding,
  targetOf,
  windowFocusBindings,
  windowKeyBindings,
} from '@kinetic/protocol/page';
import type { PageSocket } from './connection.js';
import {
  isField,
  resetUntouched,
  sending,
  serializeForm,
  snapshotFields,
  typed,
  used,
} from './forms.js';
import { isJs, type Journal, type Op, parseJs, runJs, selectAll } from './js.js';
import { startLoading } from './loading.js';
import { flush, flushWithin, rateLimited } from './timing.js';

/**
 * One firing of an lv-* binding, as @kinetic/protocol/page resolves it (the rules
 * @kinetic/testing shares); `kind` also names lv-<kind>-loading.
 */
interface Firing extends Binding<Element> {
  disable?: Element[];
  answered?: () => void;
  /** The field whose input this change sends (see forms.ts `holdsNewerInput`). */
  field?: Element;
  /** A submit's form: one submit of it in flight at a time. */
  submits?: HTMLFormElement;
}

/** Forms with a submit in flight: a second submit (a double click, Enter) is not sent. */
const submitting = new WeakSet<HTMLFormElement>();

// The resolvers hand it forms only: a field's form, the form submitted.
const serialize = serializeForm as SerializeForm<Element>;

const KEY_KINDS = ['keydown', 'keyup'] as const;

const origin = (e: Event): Element | null => (e.target instanceof Element ? e.target : null);

/**
 * Listens on document and window for every lv-* binding. Delegation means elements the
 * server adds later need no wiring; `signal` removes every listener.
 */
export function installBindings(socket: PageSocket, signal: AbortSignal): void {
  const on = <E extends Event>(target: EventTarget, type: string, listener: (e: E) => void) =>
    target.addEventListener(type, listener as EventListener, { signal });

  /** Sends `event` for the binding `b`: loading state, lv-disable-with, optimistic commands. */
  const push = (b: Firing, event: string, args: Record<string, unknown> = {}): void => {
    const view = socket.viewOf(b.el);
    if (!view?.joined) return;
    const form = b.submits;
    if (form && submitting.has(form)) return;
    const disable = b.disable ?? (b.el.hasAttribute('lv-disable-with') ? [b.el] : []);
    const loading = args.loading ? [b.el, ...selectAll(b.el, args.loading)] : [b.el];
    const settles = loading.map((el, i) => startLoading(el, b.kind, i === 0 ? disable : []));
    if (b.field) settles.push(sending(b.field));
    if (form) {
      submitting.add(form);
      settles.push(() => submitting.delete(form));
    }
    const optimistic = (args.optimistic as Op[] | undefined) ?? b.el.getAttribute('lv-optimistic');
    const journal: Journal | undefined = optimistic ? [] : undefined;
    if (optimistic)
      runJs(b.el, typeof optimistic === 'string' ? parseJs(optimistic) : optimistic, { journal });
    const payload = { ...b.payload(), ...(args.value as Record<string, unknown> | undefined) };
    const target = (args.target as string | undefined) ?? targetOf(b.el);
    const settle = () => {
      for (const done of settles) done();
    };
    // Failures are reported where the `x` frame arrives; nothing more to do here.
    socket.pushEvent(view, event, payload, target, settle, journal).then(b.answered, () => {});
  };

  const send = (b: Firing | null | undefined): void => {
    if (!b) return;
    // Commands touch the page even while disconnected; only their pushes need the server.
    const js = isJs(b.event);
    if (!js && !socket.viewOf(b.el)?.joined) return;
    rateLimited(b.limitEl ?? b.el, b.kind, () => {
      if (!js) return push(b, b.event);
      runJs(b.el, parseJs(b.event), {
        push: (_el, args) => push(b, String(args.event), args),
        go: socket.go,
      });
    });
  };

  on<MouseEvent>(document, 'click', (e) => {
    const at = origin(e);
    const b = at && clickBinding(at);
    if (b?.el.getAttribute('href') === '#') e.preventDefault();
    send(b);
  });

  // A text field fires input per keystroke and change on blur: the change adds nothing.
  const sawInput = new WeakSet<Element>();
  const onField = (e: Event): void => {
    const field = origin(e);
    if (!isField(field)) return;
    used.mark(field.form, field.name);
    if (e.type === 'input') sawInput.add(field);
    else if (sawInput.delete(field)) return;
    if (e.type === 'input') send(inputBinding(field));
    const change = changeBinding<Element>(field, serialize);
    if (!change) return;
    // Until this change is answered, older replies leave the field's value alone.
    typed(field);
    send({ ...change, field });
  };
  on(document, 'input', onField);
  on(document, 'change', onField);

  on<SubmitEvent>(document, 'submit', (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('lv-submit')) return;
    e.preventDefault();
    // A debounced change must reach the server before the submit it precedes.
    flushWithin(form);
    used.markAll(
      form,
      Array.from(form.elements, (el) => (el as HTMLInputElement).name ?? ''),
    );
    const snapshot = snapshotFields(form);
    const b = submitBinding<Element>(form, serialize, e.submitter);
    send(
      b && {
        ...b,
        disable: [...form.querySelectorAll('[lv-disable-with]')],
        answered: () => resetUntouched(snapshot),
        submits: form,
      },
    );
  });

  for (const kind of KEY_KINDS) {
    on<KeyboardEvent>(document, kind, (e) => {
      const at = origin(e);
      send(at && keyBinding(at, kind, e.key));
    });
    on<KeyboardEvent>(window, kind, (e) => {
      windowKeyBindings(document.querySelectorAll(`[lv-window-${kind}]`), kind, e.key).forEach(
        send,
      );
    });
  }

  on(document, 'focusin', (e) => {
    const el = origin(e);
    send(el && focusBinding(el, 'focus'));
  });
  on(document, 'focusout', (e) => {
    const el = origin(e);
    if (!el) return;
    flush(el);
    if (isField(el) && el.form) flush(el.form);
    // Leaving a field uses it: its errors show now, so the form's lv-change tells the server.
    if (isField(el) && used.mark(el.form, el.name)) send(changeBinding<Element>(el, serialize));
    const b = focusBinding(el, 'blur');
    if (!b) return;
    send(b);
    // The field's own lv-debounce would hold its lv-blur until the next blur.
    flush(el);
  });
  for (const kind of ['focus', 'blur'] as const) {
    on(window, kind, (e) => {
      // Element focus events reach window only in capture; this is the window itself.
      if (e.target !== window) return;
      windowFocusBindings(document.querySelectorAll(`[lv-window-${kind}]`), kind).forEach(send);
    });
  }
}
