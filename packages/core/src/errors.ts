/**
 * The error catalog of @kinetic/core. Codes are stable: tests and clients match on them.
 * Messages say what happened, which view or event is at fault, and what to do.
 */
export type CoreErrorCode =
  | 'KN_ERR_UNKNOWN_EVENT'
  | 'KN_ERR_VIEW_HANDLER'
  | 'KN_ERR_VIEW_MOUNT'
  | 'KN_ERR_VIEW_RENDER'
  | 'KN_ERR_UNKNOWN_VIEW'
  | 'KN_ERR_TOKEN_INVALID'
  | 'KN_ERR_TOKEN_EXPIRED'
  | 'KN_ERR_CSRF'
  | 'KN_ERR_VIEW_NOT_JOINED'
  | 'KN_ERR_VIEW_ALREADY_JOINED'
  | 'KN_ERR_UNKNOWN_COMPONENT'
  | 'KN_ERR_DUPLICATE_COMPONENT'
  | 'KN_ERR_COMPONENT_OUTSIDE_RENDER'
  | 'KN_ERR_NOT_CONNECTED'
  | 'KN_ERR_BAD_VIEW'
  | 'KN_ERR_SECRET'
  | 'KN_ERR_RATE_LIMITED'
  | 'KN_ERR_FRAME_TOO_LARGE'
  | 'KN_ERR_TOO_MANY_VIEWS'
  | 'KN_ERR_ROUTE_CONFLICT'
  | 'KN_ERR_CLIENT_STUCK'
  | 'KN_ERR_CAPACITY'
  | 'KN_ERR_SHUTTING_DOWN'
  | 'KN_ERR_SESSION_UNKNOWN'
  | 'KN_ERR_UNSAFE_URL'
  | 'KN_ERR_SECRET_WEAK'
  | 'KN_ERR_FORBIDDEN'
  | 'KN_ERR_URL_INVALID'
  | 'KN_ERR_JOIN_TIMEOUT'
  | 'KN_ERR_TOO_MANY_CONNECTIONS'
  | 'KN_ERR_TOO_MANY_SESSIONS'
  | 'KN_ERR_NOT_FOUND';

export class KineticError extends Error {
  readonly code: CoreErrorCode;
  constructor(code: CoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.name = 'KineticError';
    this.code = code;
  }
}

export const unknownEvent = (event: string, view: string, target?: string) =>
  new KineticError(
    'KN_ERR_UNKNOWN_EVENT',
    `${target ? `component "${target}" in ` : ''}view ${view} has no handler for event "${event}". ` +
      `Add "${event}" to its events (or handle it in handleEvent), or fix the lv-* binding that sends it.`,
  );

export const handlerFailed = (view: string, where: string, cause: unknown) =>
  new KineticError(
    'KN_ERR_VIEW_HANDLER',
    `view ${view} threw in ${where}: ${messageOf(cause)}. The view keeps its state from before the call.`,
    { cause },
  );

export const mountFailed = (view: string, cause: unknown) =>
  new KineticError('KN_ERR_VIEW_MOUNT', `view ${view} threw in mount: ${messageOf(cause)}`, {
    cause,
  });

export const renderFailed = (view: string, cause: unknown) =>
  new KineticError('KN_ERR_VIEW_RENDER', `view ${view} threw in render: ${messageOf(cause)}`, {
    cause,
  });

export const unknownView = (name: string) =>
  new KineticError(
    'KN_ERR_UNKNOWN_VIEW',
    `no live view named "${name}" is registered on this server. Declare its route with app.live(path, View), or reload the page after a deploy.`,
  );

export const tokenInvalid = (why: string) =>
  new KineticError(
    'KN_ERR_TOKEN_INVALID',
    `the view token is invalid (${why}). Reload the page to get a fresh one.`,
  );

export const tokenExpired = () =>
  new KineticError(
    'KN_ERR_TOKEN_EXPIRED',
    'the view token has expired. Reload the page to get a fresh one.',
  );

export const csrfMismatch = () =>
  new KineticError(
    'KN_ERR_CSRF',
    'the CSRF token of the join does not match this browser session. Reload the page; if it persists, check that cookies reach the live endpoint.',
  );

export const notJoined = (view: number) =>
  new KineticError(
    'KN_ERR_VIEW_NOT_JOINED',
    `view ${view} is not joined on this connection. Join it before sending events.`,
  );

export const alreadyJoined = (view: number) =>
  new KineticError(
    'KN_ERR_VIEW_ALREADY_JOINED',
    `view ${view} is already joined on this connection. Pick a new view number for a new join.`,
  );

export const unknownComponent = (id: string, view: string) =>
  new KineticError(
    'KN_ERR_UNKNOWN_COMPONENT',
    `view ${view} has no live component with id "${id}" (lv-target). It may have been removed by a render; check the lv-target value.`,
  );

export const duplicateComponent = (id: string, view: string) =>
  new KineticError(
    'KN_ERR_DUPLICATE_COMPONENT',
    `view ${view} rendered two live components with id "${id}". Component ids must be unique within a view.`,
  );

export const componentOutsideRender = () =>
  new KineticError(
    'KN_ERR_COMPONENT_OUTSIDE_RENDER',
    "live() or liveRender() was called outside a view render. Call it from a view's render (or a function component it calls).",
  );

export const notConnected = (what: string) =>
  new KineticError(
    'KN_ERR_NOT_CONNECTED',
    `${what} needs a connected socket. Check socket.connected first: the first HTTP render is not connected.`,
  );

export const badView = (name: string, why: string) =>
  new KineticError('KN_ERR_BAD_VIEW', `view ${name} is not a valid view definition: ${why}.`);

export const weakSecret = () =>
  new KineticError(
    'KN_ERR_SECRET',
    'the signing secret must be at least 32 characters. Set the secret option (e.g. from process.env.KINETIC_SECRET).',
  );

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const rateLimited = (perSecond: number) =>
  new KineticError(
    'KN_ERR_RATE_LIMITED',
    `this connection sent more than ${perSecond} frames per second; the frame was dropped. Debounce or throttle the binding (lv-debounce, lv-throttle).`,
  );

export const frameTooLarge = (bytes: number, max: number) =>
  new KineticError(
    'KN_ERR_FRAME_TOO_LARGE',
    `a client message of ${bytes} bytes is over the limit of ${max} bytes (maxFrameBytes); the session is closed. Send less in one message, or raise maxFrameBytes in the kinetic plugin's options (app.register(kinetic, { maxFrameBytes })) if the app needs bigger messages.`,
  );

export const tooManyViews = (max: number) =>
  new KineticError(
    'KN_ERR_TOO_MANY_VIEWS',
    `this connection already has ${max} views joined. Leave views that are gone, or raise maxViewsPerConnection.`,
  );

export const routeConflict = (path: string, a: string, b: string) =>
  new KineticError(
    'KN_ERR_ROUTE_CONFLICT',
    `the path ${path} is declared for both ${a} and ${b}. Give each live route its own path.`,
  );

export const clientStuck = (messages: number | undefined, bytes: number) =>
  new KineticError(
    'KN_ERR_CLIENT_STUCK',
    `the client stopped reading: ${messages === undefined ? '' : `${messages} messages, `}${bytes} bytes wait unacknowledged. The transport is closed; the client resumes when it reconnects.`,
  );

export const atCapacity = (what: string, max: number) =>
  new KineticError(
    'KN_ERR_CAPACITY',
    `this server already holds ${max} ${what}. Try again shortly, or raise the ${what === 'sessions' ? 'maxSessions' : 'maxConnections'} option.`,
  );

export const shuttingDown = () =>
  new KineticError(
    'KN_ERR_SHUTTING_DOWN',
    'this server is shutting down and accepts no new live connections. Reconnect shortly.',
  );

export const sessionUnknown = () =>
  new KineticError(
    'KN_ERR_SESSION_UNKNOWN',
    'no live session with this id exists here (it expired, or belongs to another process). Reconnect without it to start a new one.',
  );

export const unsafeUrl = (view: string, call: string, url: string, why: string) =>
  new KineticError(
    'KN_ERR_UNSAFE_URL',
    `view ${view} called socket.${call}("${url.slice(0, 100)}"), which was refused: ${why}. Only http(s) URLs and relative ones are allowed; check a user-supplied "return to" value before passing it on.`,
  );

export const lowEntropySecret = () =>
  new KineticError(
    'KN_ERR_SECRET_WEAK',
    'the signing secret has little entropy (repeated or few distinct characters), so view tokens could be forged. Use a random one: node -e "console.log(crypto.randomBytes(32).toString(\'base64url\'))".',
  );

export const forbidden = (view: string, url: string) =>
  new KineticError(
    'KN_ERR_FORBIDDEN',
    `view ${view} may not be opened at ${url.slice(0, 200)} by this session (its authorize() or the route's guards said no). The browser loads the page instead, where the guards answer.`,
  );

export const urlInvalid = (url: string, why: string) =>
  new KineticError(
    'KN_ERR_URL_INVALID',
    `the URL "${url.slice(0, 100)}" was refused: ${why}. Send an absolute URL of this page's origin.`,
  );

export const joinTimeout = (ms: number) =>
  new KineticError(
    'KN_ERR_JOIN_TIMEOUT',
    `no view joined within ${ms} ms of opening this live session, so it was closed. A page joins its views as soon as it connects; reload the page.`,
  );

export const tooManyConnections = (max: number) =>
  new KineticError(
    'KN_ERR_TOO_MANY_CONNECTIONS',
    `this address already holds ${max} live connections. Close some tabs, or raise maxConnectionsPerIp (behind a proxy, set Fastify's trustProxy so each user has their own address).`,
  );

export const tooManySessions = (perSecond: number) =>
  new KineticError(
    'KN_ERR_TOO_MANY_SESSIONS',
    `this address opens new live sessions faster than ${perSecond} per second. Wait a moment and reconnect, or raise newSessionsPerIp (behind a proxy, set Fastify's trustProxy).`,
  );

/**
 * The error a view throws from `mount` or `handleParams` when its URL names nothing (a
 * deleted post, an unknown id): the HTTP render answers 404 with the not-found page, and a
 * live client loads the URL as a page, to show it. `message` reaches the browser only with
 * exposeErrors.
 * @example
 * mount: async ({ id }) => {
 *   const post = await db.post(id);
 *   if (post === undefined) throw notFound(`no post ${id}`);
 *   return { post };
 * },
 */
export const notFound = (message?: string) =>
  new KineticError('KN_ERR_NOT_FOUND', message ?? 'nothing was found at this URL.');

/** The notFound() error behind `error`, looked for along its causes (a wrapped mount error). */
export function notFoundIn(error: unknown): KineticError | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof KineticError && e.code === 'KN_ERR_NOT_FOUND') return e;
  }
  return undefined;
}

/** Whether `error` (or one of its causes) is a view's notFound(). */
export const isNotFound = (error: unknown): boolean => notFoundIn(error) !== undefined;
