/**
 * The part of an element that binding resolution and form serialization read. A browser
 * `Element` satisfies it as it is; `@kinetic/testing` wraps its parsed HTML to satisfy it,
 * so both read a page by the same rules.
 */
export interface PageElement {
  /** As the DOM reports it (upper case for HTML); compared case-insensitively. */
  readonly tagName: string;
  readonly parentElement: PageElement | null;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  getAttributeNames(): string[];
  /** The element or its closest ancestor matching a CSS selector (`[lv-click]`). */
  closest(selector: string): PageElement | null;
}

/** A form field (input, select, textarea, button) with the state the user gave it. */
export interface PageField extends PageElement {
  readonly name: string;
  /** What the user sees in it now; `on` for a checkbox without a value attribute. */
  readonly value: string;
  /** input: its type attribute, lower case (`text` when absent); button: `submit`, ... */
  readonly type: string;
  /** Checkboxes and radios. */
  readonly checked?: boolean;
  /** Own `disabled` (a disabled fieldset around it is looked up by formEntries). */
  readonly disabled: boolean;
  /** The form it belongs to: its `form` attribute's, or the one around it. */
  readonly form: PageElement | null;
  /** Selects: the options picked. */
  readonly selectedOptions?: Iterable<{ readonly value: string }>;
  /** File inputs: the files picked (their names travel; uploads go separately). */
  readonly files?: Iterable<{ readonly name: string }> | null;
}

/** The element's tag, lower case: `input`. */
export const tagOf = (el: PageElement): string => el.tagName.toLowerCase();

/** The element itself or its closest ancestor that passes `test`, as Element.closest does. */
export function closestWhere<E extends PageElement>(
  el: E,
  test: (el: E) => boolean,
): E | undefined {
  for (let up: E | null = el; up !== null; up = up.parentElement as E | null) {
    if (test(up)) return up;
  }
  return undefined;
}

const FIELD_TAGS = ['input', 'select', 'textarea'];

/** Inputs, selects and textareas: the elements whose value a binding sends. */
export const isField = (el: PageElement): el is PageField => FIELD_TAGS.includes(tagOf(el));
