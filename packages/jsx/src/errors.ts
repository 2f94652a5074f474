/**
 * The error catalog of @kinetic/jsx: what the compiler refuses. A refusal `html` also makes
 * (an event-handler attribute, a value in a tag name or inside <script>) carries html's code,
 * KN_ERR_TEMPLATE_UNSAFE_SLOT, so one code means one mistake whichever way a view is written.
 * Every message names the .tsx file, line and column.
 */
import { KineticDiffError } from '@kinetic/diff';

export type JsxErrorCode = 'KN_ERR_JSX_UNKNOWN_BINDING' | 'KN_ERR_JSX_UNSUPPORTED';

/** When each code happens and what to do about it (the source of docs/errors.md). */
export const JSX_ERRORS = {
  KN_ERR_JSX_UNKNOWN_BINDING: {
    when: 'A JSX element has an lv-* attribute that is not a Kinetic binding (a misspelling such as lv-clik).',
    fix: 'Use one of the bindings docs/views.md lists, or lv-value-<name> for a payload value.',
  },
  KN_ERR_JSX_UNSUPPORTED: {
    when: 'A JSX form the compiler does not turn into a template yet: a namespaced tag, children on a void element, an attribute without a value expression.',
    fix: 'Rewrite that part as the message says, or write it with html`` inside the JSX.',
  },
} as const satisfies Record<JsxErrorCode, { when: string; fix: string }>;

export class KineticJsxError extends Error {
  readonly code: JsxErrorCode;
  constructor(code: JsxErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'KineticJsxError';
    this.code = code;
  }
}

export const unknownBinding = (name: string, at: string) =>
  new KineticJsxError(
    'KN_ERR_JSX_UNKNOWN_BINDING',
    `"${name}" at ${at} is not a Kinetic binding. Use one of the lv-* bindings docs/views.md ` +
      'lists (lv-click, lv-change, lv-submit, ...), or lv-value-<name> for a payload value.',
  );

export const unsupported = (what: string, at: string, fix: string) =>
  new KineticJsxError('KN_ERR_JSX_UNSUPPORTED', `${what} at ${at} is not supported: ${fix}`);

/** An event-handler attribute: html refuses a value there, and JSX attributes are values. */
export const eventHandler = (name: string, at: string) =>
  new KineticDiffError(
    'KN_ERR_TEMPLATE_UNSAFE_SLOT',
    `a dynamic value sits in the event-handler attribute "${name}" in the template at ${at}. ` +
      'Kinetic runs no inline handlers: bind the event on the server with lv-click="event" ' +
      '(or lv-change, lv-submit, lv-keydown, ...).',
  );

/**
 * `html`'s refusal of a JSX attribute string, moved to the .tsx line. `html` trusts its
 * statics, but a JSX attribute is a value to the runtime fallback, which refuses it: the
 * compiler does too, so both paths accept the same views, with html's code and words.
 */
export const atJsxLine = (error: KineticDiffError, at: string) =>
  new KineticDiffError(
    error.code,
    error.message
      .slice(error.code.length + 2)
      .replace(/ in the template at \S+:\d+:\d+/, ` in the template at ${at}`),
  );
