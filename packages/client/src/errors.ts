/**
 * The error catalog of @kinetic/client. Errors found in the browser are created here; errors
 * the server reports (`x` frames) keep the server's code.
 */
export type ClientErrorCode =
  | 'KN_ERR_CLIENT_NOT_CONNECTED'
  | 'KN_ERR_CLIENT_HOOK_WITHOUT_ID'
  | 'KN_ERR_CLIENT_UNKNOWN_HOOK'
  | 'KN_ERR_CLIENT_BAD_FRAME'
  | 'KN_ERR_CLIENT_UNSAFE_URL';

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

/** Reports an error that has no caller to reject. */
export const report = (error: unknown): void => console.error(error);
