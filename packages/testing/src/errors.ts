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

/**
 * When each code happens and what to do about it: the source of docs/errors.md
 * (`pnpm docs:errors` regenerates it).
 */
export const TEST_ERRORS = {
  KN_ERR_TEST_NO_MATCH: {
    when: 'An interaction or query (click, fill, text, attr, ...) names a selector that matches no element of the rendered view.',
    fix: 'Check the selector against html() (the message shows what the view renders), or waitFor() the element to appear first.',
  },
  KN_ERR_TEST_MANY_MATCHES: {
    when: 'An interaction names a selector that matches more than one element; a user acts on exactly one.',
    fix: 'Make the selector more specific: an id, an attribute, :nth-of-type.',
  },
  KN_ERR_TEST_NO_BINDING: {
    when: 'The test clicks, submits or changes an element that has no matching lv-* binding (lv-click, lv-submit, lv-change, ...), so a user doing the same would send nothing.',
    fix: 'Add the binding to the template, or target the element that has it.',
  },
  KN_ERR_TEST_DISABLED: {
    when: 'The test interacts with a disabled element (or one inside a disabled fieldset), which a user cannot use.',
    fix: 'Enable it first through the view, or, to test that it is disabled, assert attr(selector, "disabled") !== undefined.',
  },
  KN_ERR_TEST_NO_FIELD: {
    when: 'fill() or submit() with values names a field the form does not have (or only has disabled).',
    fix: 'Use one of the field names the message lists, or add the field to the form.',
  },
  KN_ERR_TEST_BAD_VALUES: {
    when: 'An interaction gets values of the wrong kind for its element, e.g. a string for a multiple select, or a non-boolean for a checkbox.',
    fix: 'Pass what the message says the element takes.',
  },
  KN_ERR_TEST_BAD_SELECTOR: {
    when: 'A selector passed to a query or an interaction is not valid CSS.',
    fix: 'Fix the selector; the message includes the parser error.',
  },
  KN_ERR_TEST_TIMEOUT: {
    when: 'waitFor() ran out of time with its condition still false.',
    fix: 'Check the condition against the rendered view shown in the message, or give waitFor a longer timeout if the view is slow on purpose.',
  },
  KN_ERR_TEST_LIVE_ONLY_TIMERS: {
    when: 'advanceTimers() is called on a live() test view, which runs on real timers.',
    fix: "Use waitFor(() => ...) to wait for a timer's update, or test the view with mount(), which has a virtual clock.",
  },
  KN_ERR_TEST_RUNAWAY_TIMERS: {
    when: 'In mount(), timers keep firing at the same virtual time: a handleInfo re-sends its message with no delay, so the clock can never move.',
    fix: 'Give the repeated sendInfo/sendAfter a delay.',
  },
  KN_ERR_TEST_UNSUPPORTED: {
    when: "A live() test asks for something only the app's runtime can give (assigns(), flash, sendInfo()), but the app does not expose its Kinetic runtime: the kinetic plugin is registered inside an encapsulated Fastify plugin.",
    fix: 'Register the kinetic plugin on the app the test passes to live(), or assert on what the page renders (html(), text()) instead.',
  },
  KN_ERR_TEST_OTHER_VIEW: {
    when: 'A mount() test view navigates or patches to a URL that is not a route of the mounted view; mount() runs one view only.',
    fix: 'Use live(app, path) to follow navigation across views, or pass a URL of the mounted view.',
  },
  KN_ERR_TEST_HTTP: {
    when: 'The HTTP GET that live() (or a navigation) makes answered with an error status.',
    fix: 'The message carries the status and the body: fix the route, or the view that failed to render.',
  },
  KN_ERR_TEST_NOT_LIVE: {
    when: 'The page live() loaded has no live view root (no [data-live-view] element with a token).',
    fix: 'Declare the route with app.live(path, View), or pass the path of a live route.',
  },
  KN_ERR_TEST_CLOSED: {
    when: 'The test view is used after close() ran, or after the server closed its connection.',
    fix: 'Open a new test view; check the server log if the server closed it.',
  },
} as const satisfies Record<TestErrorCode, { when: string; fix: string }>;

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
