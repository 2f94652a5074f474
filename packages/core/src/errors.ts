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
  | 'KN_ERR_NOT_FOUND'
  | 'KN_ERR_INTERNAL'
  | 'KN_ERR_SUPERSEDED'
  | 'KN_ERR_REFUSED'
  | 'KN_ERR_HOOK_FAILED'
  | 'KN_ERR_BAD_HOOK'
  | 'KN_ERR_SESSION_TAKEOVER'
  | 'KN_ERR_NOT_SERIALIZABLE'
  | 'KN_ERR_BROADCAST_TOO_LARGE'
  | 'KN_ERR_TOPIC_INVALID'
  | 'KN_ERR_NO_PUBSUB'
  | 'KN_ERR_BAD_JS'
  | 'KN_ERR_FORM_SCHEMA';

/**
 * When each code happens and what to do about it: the source of docs/errors.md
 * (`pnpm docs:errors` regenerates it).
 */
export const CORE_ERRORS = {
  KN_ERR_UNKNOWN_EVENT: {
    when: 'The browser sent an event (from an lv-click, lv-submit, ... binding or a hook) that the view, or the component named by lv-target, has no handler for.',
    fix: "Add the event to the view's (or component's) events, or handle it in handleEvent; or fix the binding that sends it.",
  },
  KN_ERR_VIEW_HANDLER: {
    when: "A view's event handler, handleInfo or handleParams threw. The view keeps its state from before the call; without exposeErrors the browser sees only a summary.",
    fix: 'Read the cause in the server log (or the dev overlay) and fix the handler.',
  },
  KN_ERR_VIEW_MOUNT: {
    when: "A view's mount threw, during the HTTP render (answered 500) or a live join.",
    fix: 'Read the cause in the server log and fix mount. To answer 404 for a URL that names nothing, throw notFound() instead.',
  },
  KN_ERR_VIEW_RENDER: {
    when: "A view's render threw, or returned something that is not a template.",
    fix: 'Read the cause in the server log and fix render: it must return a template made with the html tag.',
  },
  KN_ERR_UNKNOWN_VIEW: {
    when: 'A join names a view this server has no view of that name for: a page rendered by another deploy or another app sharing the secret.',
    fix: 'Reload the page (the runtime does so by itself). Declare every view with app.live(path, View), or register nested views, on every server that shares the secret.',
  },
  KN_ERR_TOKEN_INVALID: {
    when: "A join's view token does not verify: malformed, signed with another secret, or altered.",
    fix: 'Reload the page to get a fresh token. Every server behind one address must use the same secret.',
  },
  KN_ERR_TOKEN_EXPIRED: {
    when: "A join's view token is older than its lifetime (a page left open for long).",
    fix: 'Reload the page; the runtime does so by itself.',
  },
  KN_ERR_CSRF: {
    when: "The CSRF token of a join does not match the browser's session cookie.",
    fix: 'Reload the page. If it persists, check that the session cookie reaches the live endpoint (same site, not blocked by a proxy).',
  },
  KN_ERR_VIEW_NOT_JOINED: {
    when: 'A frame names a view number that is not joined on this connection (it left, or never joined).',
    fix: 'Join the view before sending events to it; a custom client must track its joins.',
  },
  KN_ERR_VIEW_ALREADY_JOINED: {
    when: 'A join uses a view number that is already joined on the same connection.',
    fix: 'Pick a new view number for every join (the browser runtime does); leave the old view first to reuse a number.',
  },
  KN_ERR_UNKNOWN_COMPONENT: {
    when: 'An event targets (lv-target) a live component id the view does not render (any more).',
    fix: 'Check the lv-target value; a render may have removed the component.',
  },
  KN_ERR_DUPLICATE_COMPONENT: {
    when: 'One render of a view renders two live components with the same id.',
    fix: 'Give each live component a unique id within its view, e.g. from the record it shows.',
  },
  KN_ERR_COMPONENT_OUTSIDE_RENDER: {
    when: "live() or liveRender() is called outside a view's render (at module load, in a handler).",
    fix: "Call it from a view's render, or from a function component that render calls.",
  },
  KN_ERR_BAD_VIEW: {
    when: 'A view definition is invalid: no valid name, mount or render not a function, not made by defineView, or a name another view already uses.',
    fix: 'Declare views with defineView({ name, mount, render }) and give each a unique name.',
  },
  KN_ERR_SECRET: {
    when: 'The signing secret is missing or shorter than 32 characters.',
    fix: 'Set the secret option, e.g. from process.env.KINETIC_SECRET, to a random string of at least 32 characters.',
  },
  KN_ERR_RATE_LIMITED: {
    when: 'A connection sends more frames per second than the rate limit; frames are dropped, and the session is closed if it goes on.',
    fix: 'Debounce or throttle the binding (lv-debounce, lv-throttle); raise the limit only if the app needs it.',
  },
  KN_ERR_FRAME_TOO_LARGE: {
    when: 'A client message is larger than maxFrameBytes; the session is closed.',
    fix: "Send less in one message, or raise maxFrameBytes in the kinetic plugin's options.",
  },
  KN_ERR_TOO_MANY_VIEWS: {
    when: 'A connection joins more views than maxViewsPerConnection.',
    fix: 'Leave views that are gone, or raise maxViewsPerConnection.',
  },
  KN_ERR_ROUTE_CONFLICT: {
    when: 'Two live routes are declared with the same path.',
    fix: 'Give each live route its own path.',
  },
  KN_ERR_CLIENT_STUCK: {
    when: 'A client stopped reading: more messages or bytes wait unacknowledged than the outbox allows. The transport is closed.',
    fix: 'Nothing for a healthy client: it resumes when it reconnects. If it happens often, the view sends more than its clients can take; send less, or less often.',
  },
  KN_ERR_CAPACITY: {
    when: 'The server already holds maxSessions sessions or maxConnections connections; a new one is refused (503).',
    fix: 'The client retries later by itself. Raise maxSessions or maxConnections if the machine can take more, or add servers.',
  },
  KN_ERR_SHUTTING_DOWN: {
    when: 'The server is shutting down (app.close() or a signal) and refuses new live connections.',
    fix: 'Nothing: the client reconnects, to the next process once it is up.',
  },
  KN_ERR_SESSION_UNKNOWN: {
    when: 'A client resumes a session id this process does not hold: it expired, or lives in another process.',
    fix: 'The client reconnects without it and starts a new session. Behind a load balancer, route a client back to the same process (sticky sessions) to keep resumes working.',
  },
  KN_ERR_UNSAFE_URL: {
    when: 'A view passes a URL that is not http(s) or relative (such as javascript:) to socket.redirect, socket.navigate or socket.patch.',
    fix: 'Pass only http(s) or relative URLs; check a user-supplied "return to" value before passing it on.',
  },
  KN_ERR_SECRET_WEAK: {
    when: 'The signing secret is long enough but has little entropy (repeated or few distinct characters), so tokens could be forged.',
    fix: 'Use a random secret: node -e "console.log(crypto.randomBytes(32).toString(\'base64url\'))".',
  },
  KN_ERR_FORBIDDEN: {
    when: "A view's authorize() or its route's guards refuse this session at the URL asked for (a join, or a live navigation).",
    fix: 'Expected when a user lacks access: the browser loads the page, where the guards answer (a redirect to log in, a 403). Otherwise check authorize() and the guards.',
  },
  KN_ERR_URL_INVALID: {
    when: "A join or navigation carries a URL that is not absolute, or not of this page's origin.",
    fix: "Send the page's absolute URL (the browser runtime does); a custom client must too.",
  },
  KN_ERR_JOIN_TIMEOUT: {
    when: 'A live session was opened but no view joined within joinTimeoutMs; the session is closed.',
    fix: 'A page joins its views as soon as it connects, so reload the page. A custom client must join right after connecting.',
  },
  KN_ERR_TOO_MANY_CONNECTIONS: {
    when: 'One address holds maxConnectionsPerIp live connections; a new one is refused.',
    fix: "Close some tabs, or raise maxConnectionsPerIp. Behind a proxy, set Fastify's trustProxy so each user counts with their own address.",
  },
  KN_ERR_TOO_MANY_SESSIONS: {
    when: 'One address opens new live sessions faster than newSessionsPerIp per second.',
    fix: "Wait a moment and reconnect, or raise newSessionsPerIp. Behind a proxy, set Fastify's trustProxy.",
  },
  KN_ERR_NOT_FOUND: {
    when: 'A view threw notFound() from mount or handleParams: its URL names nothing. The HTTP render answers 404; a live client loads the URL as a page.',
    fix: 'Expected for unknown ids. Link to URLs that exist.',
  },
  KN_ERR_INTERNAL: {
    when: 'The server failed to handle a frame for a reason that is not a Kinetic error (a bug, or an app callback throwing outside a view handler). The error is logged; the client gets this code.',
    fix: 'Read "unexpected failure while handling a frame" in the server log, with its stack, and fix the cause.',
  },
  KN_ERR_SUPERSEDED: {
    when: 'A live session is resumed on a new transport (the same page reconnected, or switched from WebSocket to a fallback), so the old transport is closed with this reason.',
    fix: 'Nothing: the session carries on over the new transport.',
  },
  KN_ERR_REFUSED: {
    when: "A plugin's beforeJoin, beforeMount or beforeEvent hook refused the join, mount or event (ctx.refuse(reason)); the message carries its reason. The view keeps its state.",
    fix: 'Expected when the plugin means it (an authorization rule). Otherwise read the reason and the plugin named in the message.',
  },
  KN_ERR_HOOK_FAILED: {
    when: "A plugin's hook handler threw. A before hook (beforeJoin, beforeMount, beforeEvent, beforeAssign) fails the step it guards, as a throwing handler would; any other hook is logged and skipped.",
    fix: 'Read the plugin and hook named in the message, and the cause in the server log, and fix the plugin.',
  },
  KN_ERR_BAD_HOOK: {
    when: 'A plugin registered a handler on a hook point that does not exist, or a handler that is not a function.',
    fix: 'Use one of the hook points listed in the message (docs/plugins.md describes each).',
  },
  KN_ERR_NOT_SERIALIZABLE: {
    when: 'A value that leaves the process (a broadcast message) holds something that cannot be sent as data: a function, a symbol, a class instance, a cycle. The message names its path.',
    fix: 'Send plain data: objects, arrays, strings, numbers, booleans, null, undefined, Date, Map, Set, BigInt. Send an id instead of an object with behaviour.',
  },
  KN_ERR_BROADCAST_TOO_LARGE: {
    when: 'A broadcast message is over the pubsub limit (maxBroadcastBytes, 256 KiB by default).',
    fix: 'Broadcast less (an id, and let each view load what it shows), or raise maxBroadcastBytes.',
  },
  KN_ERR_TOPIC_INVALID: {
    when: 'A subscribe, broadcast or track names a topic that is not a string of 1 to 256 characters.',
    fix: 'Use a short string topic, such as "room:42".',
  },
  KN_ERR_NO_PUBSUB: {
    when: 'A view broadcast, tracked presence or listed it where no pubsub is set up: a harness or custom host that gives the view none.',
    fix: 'Run the view through the kinetic plugin (it always has pubsub), or give the harness one (mount(View, { channels }) in @kinetic/testing).',
  },
  KN_ERR_SESSION_TAKEOVER: {
    when: "A client named a live session that exists but did not prove it holds it (wrong resume key, or another browser's CSRF cookie). It gets a new, empty session; the owner keeps theirs. Reported to the audit log only.",
    fix: 'Nothing for a user. Repeated from one address, it is somebody trying session ids.',
  },
  KN_ERR_BAD_JS: {
    when: 'A JS command was built with an argument it cannot use: an empty event or class name, an event-handler attribute (on*) or srcdoc, a target that is not a selector, optimistic commands not made with JS.',
    fix: 'Pass what the message names: JS.addClass("open", { to: "#menu" }), JS.setAttr("aria-expanded", "true"), JS.push("save", { optimistic: JS.hide() }). Event handlers cannot be set from commands, by design.',
  },
  KN_ERR_FORM_SCHEMA: {
    when: 'form(schema, params) was given a schema that does not implement Standard Schema (no "~standard" property with a validate function).',
    fix: 'Pass a schema from a Standard Schema library: zod (3.24 or newer), valibot (1.0 or newer), arktype, effect/schema, ... See standardschema.dev.',
  },
} as const satisfies Record<CoreErrorCode, { when: string; fix: string }>;

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

export const badView = (name: string, why: string) =>
  new KineticError('KN_ERR_BAD_VIEW', `view ${name} is not a valid view definition: ${why}.`);

export const weakSecret = () =>
  new KineticError(
    'KN_ERR_SECRET',
    'the signing secret must be at least 32 characters. Set the secret option (e.g. from process.env.KINETIC_SECRET).',
  );

export const internalFailure = () =>
  new KineticError(
    'KN_ERR_INTERNAL',
    'the server failed to handle this frame; details are in the server log.',
  );

/** Why a session's previous transport is closed when a new one attaches. */
export const superseded = () =>
  new KineticError(
    'KN_ERR_SUPERSEDED',
    'this session was resumed on another connection, which carries on from here.',
  );

/** A plugin's guard refused a step (ctx.refuse(reason)). */
export const refused = (what: string, reason: string) =>
  new KineticError('KN_ERR_REFUSED', `${what} was refused: ${reason}`);

export const hookFailed = (plugin: string, hook: string, cause: unknown) =>
  new KineticError(
    'KN_ERR_HOOK_FAILED',
    `plugin ${plugin} threw in its ${hook} hook: ${messageOf(cause)}.`,
    { cause },
  );

export const badHook = (
  plugin: string,
  hook: string,
  known: readonly string[],
  why = 'there is no such hook point',
) =>
  new KineticError(
    'KN_ERR_BAD_HOOK',
    `plugin ${plugin} registered a handler on "${hook.slice(0, 60)}": ${why}. Hook points: ${known.join(', ')}.`,
  );

export const sessionTakeover = () =>
  new KineticError(
    'KN_ERR_SESSION_TAKEOVER',
    'a client named an existing live session without its resume key or its CSRF cookie; it was given a new session instead.',
  );

export const notSerializable = (path: string, what: string) =>
  new KineticError(
    'KN_ERR_NOT_SERIALIZABLE',
    `${path.slice(0, 200)} is ${what}, which cannot be sent as data. Send plain data (objects, arrays, strings, numbers, booleans, null, undefined, Date, Map, Set, BigInt): an id rather than an object with behaviour.`,
  );

export const broadcastTooLarge = (topic: string, bytes: number, max: number) =>
  new KineticError(
    'KN_ERR_BROADCAST_TOO_LARGE',
    `a broadcast to "${topic.slice(0, 100)}" of ${bytes} bytes is over the limit of ${max} bytes (maxBroadcastBytes). Broadcast an id and let each view load what it shows, or raise maxBroadcastBytes.`,
  );

export const noChannels = (view: string) =>
  new KineticError(
    'KN_ERR_NO_PUBSUB',
    `view ${view} used pubsub or presence, but whatever runs it gave it none. Run it through the kinetic plugin, or pass channels to the harness.`,
  );

export const topicInvalid = (topic: unknown) =>
  new KineticError(
    'KN_ERR_TOPIC_INVALID',
    `the topic ${typeof topic === 'string' ? `"${topic.slice(0, 60)}…" (${topic.length} characters)` : `of type ${typeof topic}`} is not a string of 1 to 256 characters. Use a short string such as "room:42".`,
  );

export const badFormSchema = (what: string) =>
  new KineticError(
    'KN_ERR_FORM_SCHEMA',
    `form() needs a Standard Schema (zod, valibot, arktype, ...), got ${what}.`,
  );

export const badJs = (command: string, wanted: string) =>
  new KineticError('KN_ERR_BAD_JS', `JS.${command}(...) needs ${wanted}.`);

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const rateLimited = (perSecond: number) =>
  new KineticError(
    'KN_ERR_RATE_LIMITED',
    `this connection sent more than ${perSecond} frames per second; the frame was dropped. Debounce or throttle the binding (lv-debounce, lv-throttle).`,
  );

/** `bytes` is unknown when the socket layer refused the message before reading it all. */
export const frameTooLarge = (bytes: number | undefined, max: number) =>
  new KineticError(
    'KN_ERR_FRAME_TOO_LARGE',
    `a client message${bytes === undefined ? '' : ` of ${bytes} bytes`} is over the limit of ${max} bytes (maxFrameBytes); the session is closed. Send less in one message, or raise maxFrameBytes in the kinetic plugin's options (app.register(kinetic, { maxFrameBytes })) if the app needs bigger messages.`,
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
