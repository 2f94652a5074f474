/**
 * What the client adds to elements while their events are in flight: `lv-<kind>-loading`
 * classes and lv-disable-with. Server renders would erase both, so the morph calls
 * `reapplyLoading` on every element it updates.
 */

interface Disabled {
  count: number;
  /** What the element shows once the event is answered: its content when disabled, or the latest render. */
  html: string;
  disabled: boolean;
}

const classes = new WeakMap<Element, Map<string, number>>();
const disabledBy = new Map<Element, Disabled>();

/**
 * Marks `el` as loading for one request and disables `disable` (elements with
 * lv-disable-with). Returns the function that undoes it when the reply arrives.
 */
export function startLoading(el: Element, kind: string, disable: Element[]): () => void {
  const name = `lv-${kind}-loading`;
  const counts = classes.get(el) ?? new Map<string, number>();
  classes.set(el, counts);
  counts.set(name, (counts.get(name) ?? 0) + 1);
  el.classList.add(name);
  for (const target of disable) {
    const state = disabledBy.get(target);
    if (state) state.count++;
    else disabledBy.set(target, { count: 1, html: target.innerHTML, disabled: isDisabled(target) });
    applyDisable(target);
  }
  return () => {
    const n = (counts.get(name) ?? 1) - 1;
    if (n > 0) counts.set(name, n);
    else {
      counts.delete(name);
      el.classList.remove(name);
    }
    for (const target of disable) {
      const state = disabledBy.get(target);
      if (!state || --state.count > 0) continue;
      disabledBy.delete(target);
      target.innerHTML = state.html;
      setDisabled(target, state.disabled);
    }
  };
}

/** Puts loading state back on an element the morph just brought in line with the server. */
export function reapplyLoading(el: Element): void {
  const counts = classes.get(el);
  if (counts) for (const name of counts.keys()) el.classList.add(name);
  const state = disabledBy.get(el);
  if (state) {
    // The server's newest render is what the reply should reveal.
    state.html = el.innerHTML;
    state.disabled = isDisabled(el);
    applyDisable(el);
  }
}

function applyDisable(el: Element): void {
  const text = el.getAttribute('lv-disable-with');
  if (text !== null && el.textContent !== text) el.textContent = text;
  setDisabled(el, true);
}

const isDisabled = (el: Element) => el.hasAttribute('disabled');
const setDisabled = (el: Element, on: boolean) => el.toggleAttribute('disabled', on);
