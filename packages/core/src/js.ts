import { escapeHtml } from '@kinetic/diff';
import { badJs } from './errors.js';

/**
 * Which elements a command acts on: a CSS selector (every match in the document), the
 * closest ancestor of the bound element matching one, or the matches inside it. Without
 * `to`, a command acts on the element whose binding ran it.
 */
export type JsTarget = string | { readonly closest: string } | { readonly inner: string };

/**
 * A CSS transition for show, hide, toggle and the class commands: the classes held for
 * `time` (one string), or `[during, from, to]` as in most CSS utility libraries: `during`
 * and `from` are set, `from` gives way to `to` on the next frame, all are removed after.
 */
export type JsTransition = string | readonly [during: string, from: string, to: string];

interface To {
  readonly to?: JsTarget;
}
interface Timed extends To {
  readonly transition?: JsTransition;
  /** How long the transition's classes stay, in ms (200 by default). */
  readonly time?: number;
}
export interface JsShowOptions extends Timed {
  /** The display value to show with (`block` by default, or what the element had). */
  readonly display?: string;
}
export interface JsToggleOptions extends To {
  readonly display?: string;
  /** The transition when it shows. */
  readonly in?: JsTransition;
  /** The transition when it hides. */
  readonly out?: JsTransition;
  readonly time?: number;
}
export interface JsDispatchOptions extends To {
  /** `event.detail` of the CustomEvent. */
  readonly detail?: unknown;
  /** True by default, as for user events. */
  readonly bubbles?: boolean;
}
export interface JsPushOptions {
  /** Added to the payload the binding sends (lv-value-* and form fields). */
  readonly value?: Readonly<Record<string, unknown>>;
  /** The live component the event goes to (as lv-target): a component id or a selector. */
  readonly target?: string;
  /** Other elements that get the `lv-<kind>-loading` class while it is in flight. */
  readonly loading?: JsTarget;
  /**
   * Commands applied at once, before the server answers: what the user should see now.
   * When the reply arrives its patch replaces them in the same frame; when the handler
   * fails they are undone. See docs/js.md, "Optimistic UI".
   */
  readonly optimistic?: JS;
}
export interface JsNavigateOptions {
  readonly replace?: boolean;
}

type Op = readonly [name: string, args: Readonly<Record<string, unknown>>];

/** The push event name socket.exec sends commands under; the browser runs them itself. */
export const EXEC_EVENT = 'lv:exec';

const ATTRIBUTE_NAME = /^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/;
const RAW = Symbol.for('kinetic.raw');

/**
 * Commands that run in the browser with no round trip, chained and rendered into a
 * binding: `lv-click=${JS.toggle({ to: '#menu' })}`. What they change sticks across
 * server patches, unless the server's render changes that same attribute. Returned by
 * `socket.exec(...)` they run when the step's reply arrives. Every command is data: the
 * browser runs no code from them, so they work under a strict CSP.
 * @example
 * html`<button lv-click=${JS.push('like', { optimistic: JS.addClass('liked') })}>Like</button>`
 */
export class JS {
  /** The template tag puts this in an attribute as it is (it is already escaped). */
  readonly [RAW] = true;

  private constructor(readonly ops: readonly Op[]) {}

  static show(options?: JsShowOptions): JS {
    return new JS([]).show(options);
  }
  static hide(options?: Timed): JS {
    return new JS([]).hide(options);
  }
  static toggle(options?: JsToggleOptions): JS {
    return new JS([]).toggle(options);
  }
  static addClass(names: string, options?: Timed): JS {
    return new JS([]).addClass(names, options);
  }
  static removeClass(names: string, options?: Timed): JS {
    return new JS([]).removeClass(names, options);
  }
  static toggleClass(names: string, options?: Timed): JS {
    return new JS([]).toggleClass(names, options);
  }
  static setAttr(name: string, value: string, options?: To): JS {
    return new JS([]).setAttr(name, value, options);
  }
  static removeAttr(name: string, options?: To): JS {
    return new JS([]).removeAttr(name, options);
  }
  static toggleAttr(name: string, on: string, off?: string, options?: To): JS {
    return new JS([]).toggleAttr(name, on, off, options);
  }
  static setText(text: string, options?: To): JS {
    return new JS([]).setText(text, options);
  }
  static transition(classes: JsTransition, options?: To & { time?: number }): JS {
    return new JS([]).transition(classes, options);
  }
  static dispatch(event: string, options?: JsDispatchOptions): JS {
    return new JS([]).dispatch(event, options);
  }
  static push(event: string, options?: JsPushOptions): JS {
    return new JS([]).push(event, options);
  }
  static focus(options?: To): JS {
    return new JS([]).focus(options);
  }
  static focusFirst(options?: To): JS {
    return new JS([]).focusFirst(options);
  }
  static pushFocus(options?: To): JS {
    return new JS([]).pushFocus(options);
  }
  static popFocus(): JS {
    return new JS([]).popFocus();
  }
  static navigate(href: string, options?: JsNavigateOptions): JS {
    return new JS([]).navigate(href, options);
  }
  static patch(href: string, options?: JsNavigateOptions): JS {
    return new JS([]).patch(href, options);
  }
  static exec(attribute: string, options?: To): JS {
    return new JS([]).exec(attribute, options);
  }

  /** Shows the target (display `block`, or `display`), with an optional transition. */
  show(options: JsShowOptions = {}): JS {
    return this.op('show', options);
  }
  /** Hides the target (display `none`), after its transition if it has one. */
  hide(options: Timed = {}): JS {
    return this.op('hide', options);
  }
  /** Shows the target when it is hidden, else hides it. */
  toggle(options: JsToggleOptions = {}): JS {
    return this.op('toggle', options);
  }
  /** Adds space-separated classes. */
  addClass(names: string, options: Timed = {}): JS {
    return this.op('addClass', { ...options, names: classNames('addClass', names) });
  }
  removeClass(names: string, options: Timed = {}): JS {
    return this.op('removeClass', { ...options, names: classNames('removeClass', names) });
  }
  toggleClass(names: string, options: Timed = {}): JS {
    return this.op('toggleClass', { ...options, names: classNames('toggleClass', names) });
  }
  setAttr(name: string, value: string, options: To = {}): JS {
    return this.op('setAttr', {
      ...options,
      name: attributeName('setAttr', name),
      value: String(value),
    });
  }
  removeAttr(name: string, options: To = {}): JS {
    return this.op('removeAttr', { ...options, name: attributeName('removeAttr', name) });
  }
  /** Sets `name` to `on`, or when it is `on` already, to `off` (or removes it). */
  toggleAttr(name: string, on: string, off?: string, options: To = {}): JS {
    const args = { ...options, name: attributeName('toggleAttr', name), on: String(on) };
    return this.op('toggleAttr', off === undefined ? args : { ...args, off: String(off) });
  }
  /** Replaces the target's text. Not sticky: meant for optimistic commands. */
  setText(text: string, options: To = {}): JS {
    return this.op('setText', { ...options, text: String(text) });
  }
  /** Holds transition classes on the target for `time` ms. */
  transition(classes: JsTransition, options: To & { time?: number } = {}): JS {
    return this.op('transition', { ...options, transition: classes });
  }
  /** Dispatches a CustomEvent on the target (hooks and app code may listen). */
  dispatch(event: string, options: JsDispatchOptions = {}): JS {
    if (typeof event !== 'string' || event === '') throw badJs('dispatch', 'an event name');
    return this.op('dispatch', { ...options, event });
  }
  /** Sends an event to the server, as a plain binding would, with options. */
  push(event: string, options: JsPushOptions = {}): JS {
    if (typeof event !== 'string' || event === '') throw badJs('push', 'an event name');
    const { optimistic, ...rest } = options;
    if (optimistic !== undefined && !(optimistic instanceof JS)) {
      throw badJs('push', 'optimistic commands made with JS (JS.addClass(...), ...)');
    }
    return this.op(
      'push',
      optimistic ? { ...rest, event, optimistic: optimistic.ops } : { ...rest, event },
    );
  }
  /** Moves focus to the target. */
  focus(options: To = {}): JS {
    return this.op('focus', options);
  }
  /** Moves focus to the first focusable element inside the target. */
  focusFirst(options: To = {}): JS {
    return this.op('focusFirst', options);
  }
  /** Remembers where focus is (or moves it to `to` after remembering), for popFocus. */
  pushFocus(options: To = {}): JS {
    return this.op('pushFocus', options);
  }
  /** Puts focus back where the last pushFocus found it. */
  popFocus(): JS {
    return this.op('popFocus', {});
  }
  /** Moves to another live view, without a page load (http(s) URLs only). */
  navigate(href: string, options: JsNavigateOptions = {}): JS {
    return this.op('navigate', { ...options, href: String(href) });
  }
  /** Changes the URL within the view; its handleParams runs. */
  patch(href: string, options: JsNavigateOptions = {}): JS {
    return this.op('patch', { ...options, href: String(href) });
  }
  /** Runs the commands stored in an attribute of the target (`data-cancel=${JS...}`). */
  exec(attribute: string, options: To = {}): JS {
    return this.op('exec', { ...options, attr: attributeName('exec', attribute) });
  }

  /** The commands as the browser reads them: a JSON array of `[name, args]`. */
  toJSON(): readonly Op[] {
    return this.ops;
  }
  toString(): string {
    return JSON.stringify(this.ops);
  }
  /** The attribute text, escaped: what the template tag writes. */
  get html(): string {
    return escapeHtml(this.toString());
  }

  private op(name: string, args: object): JS {
    const clean: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(args)) if (value !== undefined) clean[key] = value;
    if ('to' in clean) clean.to = target(name, clean.to);
    return new JS([...this.ops, [name, clean]]);
  }
}

function classNames(command: string, names: string): string {
  if (typeof names !== 'string' || names.trim() === '') throw badJs(command, 'class names');
  return names.trim();
}

function attributeName(command: string, name: string): string {
  const lower = typeof name === 'string' ? name.toLowerCase() : '';
  // As in templates: no event handler attributes, no srcdoc.
  if (!ATTRIBUTE_NAME.test(lower) || lower.startsWith('on') || lower === 'srcdoc') {
    throw badJs(
      command,
      `an attribute name that is not an event handler (got ${JSON.stringify(name)})`,
    );
  }
  return lower;
}

function target(command: string, to: unknown): JsTarget {
  if (typeof to === 'string' && to !== '') return to;
  if (typeof to === 'object' && to !== null) {
    const { closest, inner } = to as { closest?: unknown; inner?: unknown };
    if (typeof closest === 'string' && closest !== '') return { closest };
    if (typeof inner === 'string' && inner !== '') return { inner };
  }
  throw badJs(command, 'a target: a CSS selector, { closest: selector } or { inner: selector }');
}
