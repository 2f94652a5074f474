/** The error catalog of @kinetic/transport. */
export type TransportErrorCode =
  | 'KN_ERR_ORIGIN'
  | 'KN_ERR_CLIENT_BUNDLE'
  | 'KN_ERR_OPTIONS'
  | 'KN_ERR_TLS_REQUIRED'
  | 'KN_ERR_PORT_IN_USE';

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
