/** The error catalog of @kinetic/transport. */
export type TransportErrorCode =
  | 'KN_ERR_ORIGIN'
  | 'KN_ERR_CLIENT_BUNDLE'
  | 'KN_ERR_OPTIONS'
  | 'KN_ERR_TLS_REQUIRED'
  | 'KN_ERR_PORT_IN_USE';

/**
 * When each code happens and what to do about it: the source of docs/errors.md
 * (`pnpm docs:errors` regenerates it).
 */
export const TRANSPORT_ERRORS = {
  KN_ERR_ORIGIN: {
    when: 'A live connection (WebSocket, SSE or long-poll) comes from a page whose Origin is neither the server itself nor listed in the `origins` option. The request is answered 403.',
    fix: 'If the page is yours (another host or port in front of the app), add its origin to `origins` in the kinetic plugin options. Otherwise this is a cross-site connection attempt, refused on purpose.',
  },
  KN_ERR_CLIENT_BUNDLE: {
    when: 'The kinetic plugin is registered but the browser runtime bundle (`@kinetic/client/kinetic.min.js`, or the `clientBundle` option) cannot be read.',
    fix: 'Build @kinetic/client (`pnpm build`) before starting the server, or point `clientBundle` at an existing file.',
  },
  KN_ERR_OPTIONS: {
    when: 'The kinetic plugin is registered with invalid options: no `secret`, or a malformed content-security-policy setting.',
    fix: 'Fix the option the message names; `secret` must be a string of at least 32 characters, e.g. from process.env.KINETIC_SECRET.',
  },
  KN_ERR_TLS_REQUIRED: {
    when: '`requireTLS` is on and a live connection arrives over plain HTTP. The request is answered 403.',
    fix: 'Open the page over https://. Behind a TLS-terminating proxy, set Fastify `trustProxy` so X-Forwarded-Proto counts.',
  },
  KN_ERR_PORT_IN_USE: {
    when: '`serve()` (or `kinetic start`) cannot listen: another process holds the port, or a port below 1024 needs privileges.',
    fix: 'Stop what uses the port, or pick another: PORT=3001 node dist/server.js, or `kinetic start --port 3001`.',
  },
} as const satisfies Record<TransportErrorCode, { when: string; fix: string }>;

export class TransportError extends Error {
  readonly code: TransportErrorCode;
  readonly statusCode: number;
  constructor(code: TransportErrorCode, message: string, statusCode = 500) {
    super(`${code}: ${message}`);
    this.name = 'TransportError';
    this.code = code;
    this.statusCode = statusCode;
  }
}

export const originRefused = (origin: string) =>
  new TransportError(
    'KN_ERR_ORIGIN',
    `live connections from origin ${origin} are not allowed. Add it to the origins option of the kinetic plugin if it is yours.`,
    403,
  );

export const clientBundleMissing = (path: string) =>
  new TransportError(
    'KN_ERR_CLIENT_BUNDLE',
    `the browser runtime bundle was not found at ${path}. Build @kinetic/client (pnpm build) before starting the server.`,
  );

export const badOptions = (what: string) =>
  new TransportError('KN_ERR_OPTIONS', `invalid kinetic plugin options: ${what}.`);

export const tlsRequired = () =>
  new TransportError(
    'KN_ERR_TLS_REQUIRED',
    'live connections need HTTPS (requireTLS is on). Open the page over https://; behind a TLS-terminating proxy, set Fastify trustProxy so X-Forwarded-Proto counts.',
    403,
  );

export const portUnavailable = (port: number, host: string, inUse: boolean) =>
  new TransportError(
    'KN_ERR_PORT_IN_USE',
    `port ${port} on ${host} ${inUse ? 'is in use' : 'needs privileges this process does not have'}. Stop what is using it, or pick another port: set PORT (PORT=3001 node dist/server.js) or pass --port to kinetic start.`,
  );
