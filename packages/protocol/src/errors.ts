/** Error codes the protocol layer reports to a client in an `x` frame. */
export type ProtocolErrorCode =
  | 'KN_ERR_FRAME_MALFORMED'
  | 'KN_ERR_FRAME_UNKNOWN'
  | 'KN_ERR_PROTOCOL_VERSION';

/**
 * When each code happens and what to do about it: the source of docs/errors.md
 * (`pnpm docs:errors` regenerates it).
 */
export const PROTOCOL_ERRORS = {
  KN_ERR_FRAME_MALFORMED: {
    when: 'A frame sent to the live endpoint is not valid JSON, or not an array of the shape its type requires (a missing ref, a payload of the wrong type).',
    fix: 'Send frames only through @kinetic/client or @kinetic/testing. If you wrote your own client, check the frame against docs/protocol.md.',
  },
  KN_ERR_FRAME_UNKNOWN: {
    when: 'A frame names a type this server does not know: a client built for another protocol version, or a hand-made frame.',
    fix: 'Reload the page so the browser gets the runtime this server ships; a custom client must send only the frame types in docs/protocol.md.',
  },
  KN_ERR_PROTOCOL_VERSION: {
    when: 'The client speaks another protocol version than the server: the `vsn` query of the live endpoint, or the `v` of a join, differs (typically a page opened before a deploy).',
    fix: 'Reload the page to get the matching client. Deploy the client bundle and the server together.',
  },
} as const satisfies Record<ProtocolErrorCode, { when: string; fix: string }>;

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
