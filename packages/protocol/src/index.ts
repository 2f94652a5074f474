/** Frame types of the live protocol (client <-> server). */

export type { ProtocolErrorCode } from './errors.js';
/** Errors the protocol layer reports. */
export { ProtocolError } from './errors.js';
export type {
  AckFrame,
  ClientFrame,
  ClientMessage,
  DiffFrame,
  ErrorFrame,
  EventFrame,
  EventPayload,
  GotoFrame,
  HeartbeatFrame,
  HelloFrame,
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
export { encodeFrame, parseClientFrame, parseClientMessage, validateClientFrame } from './parse.js';
/** The transports a session travels over: websocket, sse, longpoll. */
export type { TransportName } from './transports.js';
