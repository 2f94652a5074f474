/** Frame types of the live protocol (client <-> server). */

export type { ProtocolErrorCode } from './errors.js';
/** Errors the protocol layer reports. */
export { ProtocolError } from './errors.js';
export type {
  ClientFrame,
  DiffFrame,
  ErrorFrame,
  EventFrame,
  EventPayload,
  GotoFrame,
  HeartbeatFrame,
  JoinFrame,
  JoinPayload,
  JoinReply,
  LeaveFrame,
  PushFrame,
  ReconnectFrame,
  ReplyFrame,
  ServerFrame,
  ServerMessage,
  TitleFrame,
  UrlFrame,
} from './frames.js';
/** The protocol version both sides must speak. */
export { PROTOCOL_VERSION } from './frames.js';
/** Validation of client frames, and encoding. */
export { encodeFrame, parseClientFrame } from './parse.js';
