import { ProtocolError } from './errors.js';
import {
  type ClientFrame,
  type EventPayload,
  PROTOCOL_VERSION,
  type ServerFrame,
} from './frames.js';

const malformed = (what: string, ref = 0) =>
  new ProtocolError(
    'KN_ERR_FRAME_MALFORMED',
    `${what}. Frames are JSON arrays as described in docs/protocol.md.`,
    ref,
  );

const isRef = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_NAME = 256;
/** Form values nest a few levels (`user[address][city]`); deeper is an attack on recursion. */
const MAX_DEPTH = 32;

/** Whether `value` nests objects or arrays more than `budget` levels deep. */
function tooDeep(value: unknown, budget: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (budget === 0) return true;
  for (const v of Object.values(value)) if (tooDeep(v, budget - 1)) return true;
  return false;
}

/**
 * Parses and validates one frame from a client. Anything that is not exactly one of the
 * documented shapes is refused with a ProtocolError; nothing from the client reaches a
 * view without passing here.
 */
export function parseClientFrame(text: string): ClientFrame {
  return validateClientFrame(parseJson(text));
}

/**
 * Parses a message of one frame or a batch of frames (SSE+POST and long-poll send a
 * batch per POST). Every frame is validated; an invalid one refuses the whole message.
 */
export function parseClientMessage(text: string, maxFrames = 1000): ClientFrame[] {
  const message = parseJson(text);
  if (!Array.isArray(message) || !Array.isArray(message[0])) return [validateClientFrame(message)];
  if (message.length > maxFrames) throw malformed(`a batch holds at most ${maxFrames} frames`);
  return message.map(validateClientFrame);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw malformed('the frame is not valid JSON');
  }
}

/** Validates one decoded frame. */
export function validateClientFrame(frame: unknown): ClientFrame {
  if (!Array.isArray(frame) || typeof frame[0] !== 'string') {
    throw malformed('a frame must be an array starting with its type');
  }
  const ref = frame[1];
  if (!isRef(ref))
    throw malformed('the second element of a frame must be a non-negative integer ref');
  const kind = frame[0];
  switch (kind) {
    case 'h':
      if (frame.length !== 2) throw malformed('a heartbeat frame is ["h", ref]', ref);
      return ['h', ref];
    case 'a':
      if (frame.length !== 2) throw malformed('an ack frame is ["a", seq]');
      return ['a', ref];
    case 'l':
      if (frame.length !== 3 || !isRef(frame[2]))
        throw malformed('a leave frame is ["l", ref, view]', ref);
      return ['l', ref, frame[2]];
    case 'u':
      if (
        frame.length !== 4 ||
        !isRef(frame[2]) ||
        typeof frame[3] !== 'string' ||
        frame[3].length > 8192
      ) {
        throw malformed('a url frame is ["u", ref, view, url]', ref);
      }
      return ['u', ref, frame[2], frame[3]];
    case 'j': {
      const payload = frame[3];
      if (
        frame.length !== 4 ||
        !isRef(frame[2]) ||
        !isRecord(payload) ||
        typeof payload.k !== 'string' ||
        typeof payload.c !== 'string' ||
        typeof payload.u !== 'string'
      ) {
        throw malformed(
          'a join frame is ["j", ref, view, {k: token, c: csrf, u: url, v: version}]',
          ref,
        );
      }
      if (payload.v !== PROTOCOL_VERSION) {
        throw new ProtocolError(
          'KN_ERR_PROTOCOL_VERSION',
          `the client speaks protocol version ${String(payload.v)}, this server speaks ${PROTOCOL_VERSION}. Reload the page to get the matching client.`,
          ref,
        );
      }
      return ['j', ref, frame[2], { k: payload.k, c: payload.c, u: payload.u, v: payload.v }];
    }
    case 'e': {
      const [, , view, event, payload, target] = frame;
      if (
        frame.length < 4 ||
        frame.length > 6 ||
        !isRef(view) ||
        typeof event !== 'string' ||
        event.length === 0 ||
        event.length > MAX_NAME
      ) {
        throw malformed('an event frame is ["e", ref, view, event, payload?, target?]', ref);
      }
      if (frame.length === 4) return ['e', ref, view, event];
      if (!isRecord(payload))
        throw malformed(`the payload of event "${event}" must be an object`, ref);
      if (tooDeep(payload, MAX_DEPTH))
        throw malformed(
          `the payload of event "${event}" nests deeper than ${MAX_DEPTH} levels`,
          ref,
        );
      if (frame.length === 5) return ['e', ref, view, event, payload as EventPayload];
      if (typeof target !== 'string' || target.length > MAX_NAME) {
        throw malformed(`the target of event "${event}" must be a component id string`, ref);
      }
      return ['e', ref, view, event, payload as EventPayload, target];
    }
    default:
      throw new ProtocolError(
        'KN_ERR_FRAME_UNKNOWN',
        `unknown frame type "${kind.slice(0, 16)}". This server speaks protocol version ${PROTOCOL_VERSION}.`,
        ref,
      );
  }
}

/** Encodes a frame for the wire. */
export function encodeFrame(frame: ServerFrame | ClientFrame): string {
  return JSON.stringify(frame);
}
