/**
 * The error catalog of @kinetic/testing. Codes are stable: assert on `error.code`.
 * Messages name the selector, form or view at fault, say what was found, and what to do.
 */
export type TestErrorCode =
  | 'KN_ERR_TEST_NO_MATCH'
  | 'KN_ERR_TEST_MANY_MATCHES'
  | 'KN_ERR_TEST_NO_BINDING'
  | 'KN_ERR_TEST_DISABLED'
  | 'KN_ERR_TEST_NO_FIELD'
  | 'KN_ERR_TEST_BAD_VALUES'
  | 'KN_ERR_TEST_BAD_SELECTOR'
  | 'KN_ERR_TEST_TIMEOUT'
  | 'KN_ERR_TEST_LIVE_ONLY_TIMERS'
  | 'KN_ERR_TEST_RUNAWAY_TIMERS'
  | 'KN_ERR_TEST_UNSUPPORTED'
  | 'KN_ERR_TEST_OTHER_VIEW'
  | 'KN_ERR_TEST_HTTP'
  | 'KN_ERR_TEST_NOT_LIVE'
  | 'KN_ERR_TEST_CLOSED';

/** A mistake in a test, or a page that does not offer what the test asked for. */
export class KineticTestError extends Error {
  readonly code: TestErrorCode;
  constructor(code: TestErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.name = 'KineticTestError';
    this.code = code;
  }
}

/**
 * An error the view reported over the wire (an `x` frame) in a live() test, with the
 * server's code (KN_ERR_UNKNOWN_EVENT, KN_ERR_VIEW_HANDLER, ...) as `code`: the same code a
 * mount() test sees on the core's own KineticError.
 */
export class ViewError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message.startsWith(`${code}:`) ? message : `${code}: ${message}`);
    this.name = 'ViewError';
    this.code = code;
  }
}

const MAX_SHOWN = 3;

/** Outer HTML of matches, shortened so a message stays readable. */
export function describeMatches(htmls: readonly string[]): string {
  const shown = htmls.slice(0, MAX_SHOWN).map((h) => `  ${truncate(h, 160)}`);
  if (htmls.length > MAX_SHOWN) shown.push(`  … and ${htmls.length - MAX_SHOWN} more`);
  return shown.join('\n');
}

export const truncate = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
};

export const noMatch = (selector: string, near: string) =>
  new KineticTestError(
    'KN_ERR_TEST_NO_MATCH',
    `no element matches "${selector}". The view renders:\n  ${truncate(near, 400)}\n` +
      'Check the selector against html(), or wait for the element to appear.',
  );

export const manyMatches = (selector: string, htmls: readonly string[]) =>
  new KineticTestError(
    'KN_ERR_TEST_MANY_MATCHES',
    `"${selector}" matches ${htmls.length} elements; an interaction needs exactly one:\n` +
      `${describeMatches(htmls)}\nMake the selector more specific (an id, an attribute, :nth-of-type).`,
  );

export const noBinding = (selector: string, wanted: string, found: string) =>
  new KineticTestError(
    'KN_ERR_TEST_NO_BINDING',
    `"${selector}" has no ${wanted}, so a user's action there sends nothing. Found:\n` +
      `  ${truncate(found, 240)}\nAdd the binding to the template, or target the element that has it.`,
  );

export const disabled = (selector: string, found: string) =>
  new KineticTestError(
    'KN_ERR_TEST_DISABLED',
    `"${selector}" is disabled, so a user cannot use it:\n  ${truncate(found, 240)}\n` +
      `To test that it is disabled, assert attr("${selector}", "disabled") !== undefined.`,
  );

export const noField = (form: string, name: string, fields: readonly string[]) =>
  new KineticTestError(
    'KN_ERR_TEST_NO_FIELD',
    `the form "${form}" has no enabled field named "${name}". Its fields: ` +
      `${fields.length > 0 ? fields.map((f) => `"${f}"`).join(', ') : '(none)'}.`,
  );

export const badValues = (selector: string, expected: string) =>
  new KineticTestError('KN_ERR_TEST_BAD_VALUES', `"${selector}" takes ${expected}.`);

export const badSelector = (selector: string, cause: unknown) =>
  new KineticTestError(
    'KN_ERR_TEST_BAD_SELECTOR',
    `"${selector}" is not a valid CSS selector: ${cause instanceof Error ? cause.message : String(cause)}`,
    { cause },
  );

export const waitTimedOut = (ms: number, html: string) =>
  new KineticTestError(
    'KN_ERR_TEST_TIMEOUT',
    `the condition was still false after ${ms} ms. The view renders:\n  ${truncate(html, 400)}`,
  );

export const liveTimers = () =>
  new KineticTestError(
    'KN_ERR_TEST_LIVE_ONLY_TIMERS',
    'advanceTimers() runs the virtual clock of mount(); a live() test runs on real timers. ' +
      'Use waitFor(() => ...) to wait for a timer’s update, or test the view with mount().',
  );

export const runawayTimers = (firings: number, at: number) =>
  new KineticTestError(
    'KN_ERR_TEST_RUNAWAY_TIMERS',
    `timers fired ${firings} times at ${at} ms without the clock moving: a ` +
      'handleInfo that re-sends its message with no delay never lets the clock move. Give it a delay.',
  );

export const unsupported = (what: string, why: string) =>
  new KineticTestError('KN_ERR_TEST_UNSUPPORTED', `${what} is not available here: ${why}`);

export const otherView = (view: string, url: string) =>
  new KineticTestError(
    'KN_ERR_TEST_OTHER_VIEW',
    `${url} is not a route of ${view}, and mount() runs only ${view}. ` +
      'Use live(app, path) to follow navigation across views.',
  );

export const httpFailed = (path: string, status: number, detail: string) =>
  new KineticTestError(
    'KN_ERR_TEST_HTTP',
    `GET ${path} answered ${status}${detail ? `: ${truncate(detail, 300)}` : ''}`,
  );

export const notLive = (path: string, body: string) =>
  new KineticTestError(
    'KN_ERR_TEST_NOT_LIVE',
    `GET ${path} rendered no live view (no [data-live-view] element with a token). ` +
      `Is the route declared with app.live(path, View)? The page:\n  ${truncate(body, 300)}`,
  );

export const closed = () =>
  new KineticTestError(
    'KN_ERR_TEST_CLOSED',
    'this test view is closed (close() ran, or the server closed the connection).',
  );
