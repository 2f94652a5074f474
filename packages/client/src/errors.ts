/**
 * The error catalog of @kinetic/client. Errors found in the browser are created here; errors
 * the server reports (`x` frames) keep the server's code.
 */
export type ClientErrorCode =
  | 'KN_ERR_CLIENT_NOT_CONNECTED'
  | 'KN_ERR_CLIENT_HOOK_WITHOUT_ID'
  | 'KN_ERR_CLIENT_UNKNOWN_HOOK'
  | 'KN_ERR_CLIENT_BAD_FRAME'
  | 'KN_ERR_CLIENT_UNSAFE_URL'
  | 'KN_ERR_CLIENT_BAD_JS';

/**
 * When each code happens and what to do about it: the source of docs/errors.md
 * (`pnpm docs:errors` regenerates it). Nothing in the runtime imports it, so the bundle
 * leaves it out.
 */
export const CLIENT_ERRORS = {
  KN_ERR_CLIENT_NOT_CONNECTED: {
    when: "A hook's pushEvent (or a binding) sends while the view is not connected, or the connection drops before the server answers: the promise rejects with this code.",
    fix: 'Nothing is lost for bindings: the runtime reconnects by itself. From a hook, push again once the view root has the lv-connected class, or catch the rejection.',
  },
  KN_ERR_CLIENT_HOOK_WITHOUT_ID: {
    when: 'An element with lv-hook="Name" has no id, so the runtime cannot follow it across updates; the hook is not mounted and the error is logged to the console.',
    fix: 'Give the element a unique id.',
  },
  KN_ERR_CLIENT_UNKNOWN_HOOK: {
    when: 'An element names a hook (lv-hook="Name") that was neither passed to connect({hooks}) nor defined on window.KineticHooks; it is logged to the console.',
    fix: 'Pass the hook in connect({ hooks: { Name } }), or define window.KineticHooks.Name before the runtime starts; check the spelling of lv-hook.',
  },
  KN_ERR_CLIENT_BAD_FRAME: {
    when: 'A message from the server cannot be applied: it is not JSON, numbered frames are missing, or a patch does not fit the page. The runtime logs it and reconnects for a full render.',
    fix: 'Usually nothing: the page recovers. If it repeats, something between browser and server (a proxy) alters messages, or client and server versions differ: reload after a deploy.',
  },
  KN_ERR_CLIENT_UNSAFE_URL: {
    when: 'The server (a redirect, a navigation) or a link asked the runtime to go to a URL that is not http(s), such as javascript:. The runtime refuses to follow it.',
    fix: 'Fix the URL where it comes from; check user-supplied "return to" values on the server.',
  },
  KN_ERR_CLIENT_BAD_JS: {
    when: 'A binding or socket.exec gave JS commands the runtime cannot run: not a JSON array of commands, an unknown command, an event-handler attribute (on*) or srcdoc to set, or exec/dispatch loops nested more than 8 deep. The command is skipped and logged.',
    fix: 'Build commands with JS from @kinetic/core rather than by hand; do not put user input into a binding attribute unescaped; break the exec loop.',
  },
} as const satisfies Record<ClientErrorCode, { when: string; fix: string }>;

export class KineticClientError extends Error {
  readonly code: string;
  constructor(code: ClientErrorCode | (string & {}), message: string) {
    // The server's messages start with their code already.
    super(message.startsWith(`${code}: `) ? message : `${code}: ${message}`);
    this.name = 'KineticClientError';
    this.code = code;
  }
}

export const notConnected = (event: string) =>
  new KineticClientError(
    'KN_ERR_CLIENT_NOT_CONNECTED',
    `"${event}" was not sent: the view is not connected. It reconnects by itself; push again once the view root has lv-connected.`,
  );

export const hookWithoutId = (name: string) =>
  new KineticClientError(
    'KN_ERR_CLIENT_HOOK_WITHOUT_ID',
    `an element with lv-hook="${name}" has no id. Hooks follow their element across updates by id: give it a unique id.`,
  );

export const unknownHook = (name: string) =>
  new KineticClientError(
    'KN_ERR_CLIENT_UNKNOWN_HOOK',
    `no hook named "${name}". Pass it in connect({hooks: {${name}}}) or define window.KineticHooks.${name} before the runtime starts.`,
  );

export const badFrame = (detail: string) =>
  new KineticClientError(
    'KN_ERR_CLIENT_BAD_FRAME',
    `a server frame could not be applied (${detail}). Reconnecting to get a full render.`,
  );

export const unsafeUrl = (url: string) =>
  new KineticClientError(
    'KN_ERR_CLIENT_UNSAFE_URL',
    `refused to navigate to "${url.slice(0, 100)}": only http(s) URLs are followed. The server or a link asked for it; fix the URL there.`,
  );

export const badJs = (detail: string) =>
  new KineticClientError(
    'KN_ERR_CLIENT_BAD_JS',
    `JS commands skipped (${detail.slice(0, 100)}). Build them with JS from @kinetic/core.`,
  );

/** Reports an error that has no caller to reject. */
export const report = (error: unknown): void => console.error(error);
