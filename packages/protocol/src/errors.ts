/** Error codes the protocol layer reports to a client in an `x` frame. */
export type ProtocolErrorCode =
  | 'KN_ERR_FRAME_MALFORMED'
  | 'KN_ERR_FRAME_UNKNOWN'
  | 'KN_ERR_PROTOCOL_VERSION';

export class ProtocolError extends Error {
  readonly code: ProtocolErrorCode;
  /** The request's ref when it could be read, so the error can answer it. */
  readonly ref: number;
  constructor(code: ProtocolErrorCode, message: string, ref = 0) {
    super(`${code}: ${message}`);
    this.name = 'ProtocolError';
    this.code = code;
    this.ref = ref;
  }
}
