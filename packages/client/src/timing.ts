/**
 * lv-debounce and lv-throttle. The send is a closure that reads the page when it runs, so a
 * delayed send carries the latest value, never the one of the first keystroke.
 */

type Send = () => void;

interface Limiter {
  timer?: ReturnType<typeof setTimeout> | undefined;
  /** The send waiting for the timer (debounce) or for the end of the cooldown (throttle). */
  waiting?: Send | undefined;
}

const limiters = new WeakMap<Element, Map<string, Limiter>>();
/** Elements with a debounced send waiting, so blur and submit can flush them. */
const waiting = new Set<Element>();

/** Runs `send` now, or later as the element's lv-debounce / lv-throttle says. */
export function rateLimited(el: Element, key: string, send: Send): void {
  const debounce = el.getAttribute('lv-debounce');
  const throttle = Number(el.getAttribute('lv-throttle'));
  if (debounce === null && !(throttle > 0)) {
    send();
    return;
  }
  const byKey = limiters.get(el) ?? new Map<string, Limiter>();
  limiters.set(el, byKey);
  const state = byKey.get(key) ?? {};
  byKey.set(key, state);

  if (debounce !== null) {
    clearTimeout(state.timer);
    state.waiting = send;
    waiting.add(el);
    const ms = Number(debounce);
    // "blur" (or anything not a number) waits for the element to lose focus.
    if (ms >= 0) state.timer = setTimeout(() => flush(el), ms);
    return;
  }
  if (state.timer !== undefined) {
    state.waiting = send;
    return;
  }
  send();
  const cooldown = () => {
    const next = state.waiting;
    state.waiting = undefined;
    state.timer = next ? setTimeout(cooldown, throttle) : undefined;
    next?.();
  };
  state.timer = setTimeout(cooldown, throttle);
}

/** Sends now whatever debounced sends wait on `el`. */
export function flush(el: Element): void {
  if (!waiting.delete(el)) return;
  for (const state of limiters.get(el)?.values() ?? []) {
    clearTimeout(state.timer);
    state.timer = undefined;
    const send = state.waiting;
    state.waiting = undefined;
    send?.();
  }
}

/** Flushes every waiting send inside `container`, e.g. before its form is submitted. */
export function flushWithin(container: Element): void {
  for (const el of [...waiting]) if (container.contains(el)) flush(el);
}
