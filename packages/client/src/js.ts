import { badJs, report } from './errors.js';
import { safeUrl } from './location.js';

/**
 * JS commands (`JS` in @kinetic/core): `[name, args]` pairs rendered into a binding or sent
 * by socket.exec, run here with no round trip. They are data, never code: the runtime
 * refuses event-handler attributes and non-http(s) URLs as the server does.
 */
type Args = Record<string, unknown> & {
  to?: string | { closest?: string; inner?: string };
  names?: string;
  name?: string;
  transition?: string | string[];
  time?: number;
};
export type Op = [string, Args];

/** What a command that reaches the server needs: the binding's push, as bindings.ts sends it. */
export type PushOp = (el: Element, args: Args) => void;

/** What a journaled run changed, to undo: element, what (attribute, `.class`, `:display`, `#text`), before. */
type Entry = [el: Element, what: string, before: string | null];
export type Journal = Entry[];

export interface Run {
  /** Sends a `push` command; without one the commands only touch the page. */
  push?: PushOp;
  /** Records what optimistic commands change, to reconcile with the reply. */
  journal?: Journal | undefined;
  /** Follows navigate / patch commands (navigation installs the live version). */
  go?: (el: Element, patch: boolean, url: string, replace: boolean) => void;
}

let depth = 0;
const focusStack: Element[] = [];

/** Whether a binding's value is commands rather than an event name. */
export const isJs = (value: string): boolean => value.startsWith('[');

/** Parses commands from an attribute (or a push), or reports why not and gives none. */
export function parseJs(text: unknown): Op[] {
  try {
    const ops = typeof text === 'string' ? JSON.parse(text) : text;
    if (Array.isArray(ops) && ops.every((op) => Array.isArray(op) && typeof op[0] === 'string'))
      return ops;
  } catch {}
  report(badJs(String(text)));
  return [];
}

/** Runs `ops` for `el` (the element whose binding ran them, or a view root). */
export function runJs(el: Element, ops: Op[], run: Run = {}): void {
  // exec and dispatch can reach bindings that run commands again: a loop stops here.
  if (depth > 8) {
    report(badJs('commands nested more than 8 deep'));
    return;
  }
  depth++;
  try {
    for (const [name, args] of ops)
      for (const at of targets(el, args)) command(at, name, args, run);
  } finally {
    depth--;
  }
}

const targets = (el: Element, { to }: Args): Element[] =>
  to === undefined ? [el] : selectAll(el, to);

/** What a command's `to` names, from `el`: a selector, `{closest}` or `{inner}`. */
export function selectAll(el: Element, to: unknown): Element[] {
  if (typeof to === 'string') return [...document.querySelectorAll(to)];
  const { closest, inner } = (to ?? {}) as { closest?: string; inner?: string };
  if (closest) {
    const found = el.closest(closest);
    return found ? [found] : [];
  }
  return inner ? [...el.querySelectorAll(inner)] : [];
}

const FOCUSABLE =
  'a[href],button:not([disabled]),input:not([disabled]):not([type=hidden]),select:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex="-1"])';

function command(el: Element, name: string, args: Args, run: Run): void {
  const words = (args.names ?? '').split(/\s+/).filter(Boolean);
  switch (name) {
    case 'show':
    case 'hide':
    case 'toggle': {
      const show = name === 'show' || (name === 'toggle' && hidden(el));
      const transition = (name === 'toggle' ? args[show ? 'in' : 'out'] : args.transition) as
        | Args['transition']
        | undefined;
      const display = () => setDisplay(el, show ? String(args.display ?? 'block') : 'none', run);
      if (show) display();
      animate(el, transition, args.time, show ? undefined : display);
      if (!transition && !show) display();
      return;
    }
    case 'addClass':
    case 'removeClass':
    case 'toggleClass':
      for (const word of words) {
        const on = name === 'toggleClass' ? !el.classList.contains(word) : name === 'addClass';
        change(el, `.${word}`, on ? '' : null, run);
      }
      animate(el, args.transition, args.time);
      return;
    case 'setAttr':
    case 'removeAttr':
    case 'toggleAttr': {
      const attr = String(args.name);
      if (!safeAttribute(attr)) {
        report(badJs(`attribute ${attr}`));
        return;
      }
      let value: string | null = name === 'setAttr' ? String(args.value) : null;
      if (name === 'toggleAttr') {
        value =
          el.getAttribute(attr) === args.on
            ? ((args.off as string | undefined) ?? null)
            : String(args.on);
      }
      if (value !== null && URL_ATTRIBUTES.has(attr) && !safeUrl(value)) return;
      change(el, attr, value, run);
      return;
    }
    case 'setText':
      run.journal?.push([el, '#text', el.textContent]);
      setText(el, String(args.text));
      return;
    case 'transition':
      animate(el, args.transition, args.time);
      return;
    case 'dispatch':
      el.dispatchEvent(
        new CustomEvent(String(args.event), {
          bubbles: args.bubbles !== false,
          detail: args.detail,
        }),
      );
      return;
    case 'push':
      run.push?.(el, args);
      return;
    case 'focus':
      (el as HTMLElement).focus?.();
      return;
    case 'focusFirst':
      (el.querySelector(FOCUSABLE) as HTMLElement | null)?.focus();
      return;
    case 'pushFocus':
      if (document.activeElement) focusStack.push(document.activeElement);
      if (args.to !== undefined) (el as HTMLElement).focus?.();
      return;
    case 'popFocus':
      (focusStack.pop() as HTMLElement | undefined)?.focus?.();
      return;
    case 'navigate':
    case 'patch':
      run.go?.(el, name === 'patch', String(args.href), args.replace === true);
      return;
    case 'exec': {
      const text = el.getAttribute(String(args.attr));
      if (text) runJs(el, parseJs(text), run);
      return;
    }
    default:
      report(badJs(`unknown command ${name}`));
  }
}

/**
 * An element's text. A lone text node keeps its identity: the runtime patches that node
 * when the server's value changes, so replacing it would leave the patch nowhere to go.
 */
function setText(el: Element, text: string): void {
  const only = el.firstChild;
  if (only !== null && only === el.lastChild && only.nodeType === 3) {
    if (only.nodeValue !== text) only.nodeValue = text;
  } else if (el.textContent !== text) el.textContent = text;
}

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data']);
const safeAttribute = (name: string) => !/^on/i.test(name) && name.toLowerCase() !== 'srcdoc';

const hidden = (el: Element) => getComputedStyle(el).display === 'none';

function setDisplay(el: Element, display: string, run: Run): void {
  change(el, ':display', display, run);
}

/**
 * Classes held on `el` for `time` ms: one string, or `[during, from, to]`. `then` runs when
 * they are removed (a hide waits for its transition to end).
 */
function animate(
  el: Element,
  transition: Args['transition'] | undefined,
  time = 200,
  then?: () => void,
): void {
  if (!transition) return;
  const [during, from, to] = (
    typeof transition === 'string' ? [transition, '', ''] : transition
  ).map((s) =>
    String(s ?? '')
      .split(/\s+/)
      .filter(Boolean),
  ) as [string[], string[], string[]];
  el.classList.add(...during, ...from);
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      el.classList.remove(...from);
      el.classList.add(...to);
    }),
  );
  setTimeout(() => {
    el.classList.remove(...during, ...to);
    then?.();
  }, time);
}

// -------------------------------------------------------------------------------------
// What commands set sticks across server patches.

/**
 * Per element, what commands set: `what` (an attribute, `.class`, `:display`) → the
 * server's value when the command first changed it, and the command's value.
 */
const sticky = new WeakMap<Element, Map<string, [server: string | null, mine: string | null]>>();

const read = (el: Element, what: string): string | null =>
  what[0] === '.'
    ? el.classList.contains(what.slice(1))
      ? ''
      : null
    : what === ':display'
      ? (el as HTMLElement).style.display || null
      : el.getAttribute(what);

function write(el: Element, what: string, value: string | null): void {
  if (read(el, what) === value) return;
  if (what[0] === '.') el.classList.toggle(what.slice(1), value !== null);
  else if (what === ':display') (el as HTMLElement).style.display = value ?? '';
  else if (value === null) el.removeAttribute(what);
  else el.setAttribute(what, value);
}

/** A command's change: journaled when optimistic (undone later), else sticky. */
function change(el: Element, what: string, value: string | null, run: Run): void {
  if (run.journal) run.journal.push([el, what, read(el, what)]);
  else {
    const state = sticky.get(el) ?? new Map();
    sticky.set(el, state);
    state.set(what, [state.get(what)?.[0] ?? read(el, what), value]);
  }
  write(el, what, value);
}

const concerns = (what: string, attr: string | undefined) =>
  attr === undefined ||
  what === attr ||
  (attr === 'class' && what[0] === '.') ||
  (attr === 'style' && what === ':display');

/**
 * The server just wrote `attr` of `el` (every attribute, after a morph): what commands set
 * there comes back, unless the server's value is not the one the command overrode (then
 * the server changed it, and its value wins).
 */
export function restick(el: Element, attr?: string): void {
  const state = sticky.get(el);
  if (!state) return;
  for (const [what, [server, mine]] of state) {
    if (!concerns(what, attr)) continue;
    if (read(el, what) === server || read(el, what) === mine) write(el, what, mine);
    else state.delete(what);
  }
}

// -------------------------------------------------------------------------------------
// Optimistic commands, reconciled with the reply.

/**
 * True while a reply to an optimistic event goes on the page: the patcher then writes every
 * place the patch names even where the page already shows that value (the optimistic one),
 * so `undo` sees the server wrote it.
 */
export const reconciling = { on: false };

/**
 * Undoes what optimistic commands changed, newest first, except where `written` says the
 * reply's patch wrote the same place: there the server's value already stands.
 */
export function undo(journal: Journal, written: MutationRecord[] = []): void {
  for (let i = journal.length - 1; i >= 0; i--) {
    const [el, what, before] = journal[i] as Entry;
    if (!el.isConnected || written.some((r) => overwrote(r, el, what))) continue;
    if (what === '#text') setText(el, before ?? '');
    else write(el, what, before);
  }
}

function overwrote(record: MutationRecord, el: Element, what: string): boolean {
  if (what === '#text') return record.type !== 'attributes' && el.contains(record.target);
  if (record.target !== el || record.type !== 'attributes') return false;
  return concerns(what, record.attributeName ?? '');
}
