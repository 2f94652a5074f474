import { encodeFrame, type HelloFrame, type ServerFrame } from '@kinetic/protocol';
import { clientStuck, type KineticError, superseded } from './errors.js';
import type { Logger } from './logger.js';
import { Outbox } from './outbox.js';

/**
 * The seam between a session and a transport. A WebSocket, an SSE stream with POSTs and a
 * long-poll loop each provide one while the browser is attached through them.
 */
export interface Channel {
  /** One server message: a frame, or a batch of frames (JSON). */
  send(message: string): void;
  /** Ends the transport; the session itself lives on for its grace period. */
  close(code: number, reason: string): void;
  /**
   * A transport attached only while a request waits (long-poll): once it goes, the session
   * keeps its connection slot (server-wide and per address) this long for the client's next
   * request, so nobody takes the slot between two polls.
   */
  readonly slotHoldMs?: number;
}

/**
 * The WebSocket close codes Kinetic uses, whatever the transport: one table for the session
 * and the transports (`tryLater` is the transports' answer to a refused attach: capacity,
 * caps, shutdown).
 */
export const CLOSE_CODES = {
  tooBig: 1009,
  policy: 1008,
  tryLater: 1013,
  stuck: 4008,
  superseded: 4000,
} as const;

export interface OutputLimits {
  readonly outboxMessages: number;
  readonly outboxBytes: number;
  readonly stuckMs: number;
  readonly log: Logger;
}

/**
 * A session's way out: numbers every frame, batches a step's frames into one message, keeps
 * what the client has not acknowledged, replays it to a new transport, and cuts off a client
 * that stays behind.
 */
export class SessionOutput {
  private readonly outbox: Outbox;
  private channel: Channel | undefined;
  private nextSeq = 1;
  private stuckTimer: NodeJS.Timeout | undefined;
  /** Frames of the step being answered, sent together by batch(). */
  private pending: ServerFrame[] | undefined;
  private closed = false;

  constructor(
    private readonly limits: OutputLimits,
    /** Called when a client that stayed behind was cut off. */
    private readonly onCutOff: (channel: Channel) => void,
    /** Called when the outbox overflows with no transport attached: the session must end. */
    private readonly onOverflow: (error: KineticError) => void,
  ) {
    this.outbox = new Outbox(limits.outboxMessages, limits.outboxBytes);
  }

  get attached(): boolean {
    return this.channel !== undefined;
  }

  /** Over its bounds: server-initiated updates are held back (coalesced). */
  get full(): boolean {
    return this.outbox.full;
  }

  get backlog(): { messages: number; bytes: number } {
    return { messages: this.outbox.size, bytes: this.outbox.bytes };
  }

  /**
   * A transport attaches: the hello (made from the number of the first frame it will get),
   * then every message after `ack` again. A previous transport is closed.
   */
  attach(channel: Channel, ack: number, hello: (nextSeq: number) => HelloFrame): void {
    const previous = this.channel;
    this.channel = channel;
    if (previous !== undefined && previous !== channel) {
      previous.close(CLOSE_CODES.superseded, superseded().code);
    }
    this.outbox.ack(ack);
    const replay = this.outbox.after(ack);
    channel.send(encodeFrame(hello(replay[0]?.first ?? this.nextSeq)));
    for (const entry of replay) channel.send(entry.text);
  }

  /** The transport went away; true when it was the attached one. */
  detach(channel: Channel): boolean {
    if (this.channel !== channel) return false;
    this.channel = undefined;
    clearTimeout(this.stuckTimer);
    this.stuckTimer = undefined;
    return true;
  }

  ack(seq: number): void {
    this.outbox.ack(seq);
  }

  /** Sends the frames produced inside `fn` as one message: one write per step. */
  batch(fn: () => void): void {
    if (this.pending !== undefined) {
      fn();
      return;
    }
    const frames: ServerFrame[] = [];
    this.pending = frames;
    try {
      fn();
    } finally {
      this.pending = undefined;
    }
    if (frames.length > 0) this.emit(frames);
  }

  send(frame: ServerFrame): void {
    if (this.pending !== undefined) this.pending.push(frame);
    else this.emit([frame]);
  }

  /**
   * A client that stays behind is cut off with a reason (it reconnects and resumes); one
   * far behind is cut off at once. Either way the server's memory for it stays bounded.
   */
  watchBacklog(): void {
    if (this.channel === undefined) return;
    if (this.outbox.overflowing) {
      this.cutOff();
      return;
    }
    if (!this.outbox.full) {
      clearTimeout(this.stuckTimer);
      this.stuckTimer = undefined;
      return;
    }
    this.stuckTimer ??= setTimeout(() => {
      this.stuckTimer = undefined;
      if (this.outbox.full) this.cutOff();
    }, this.limits.stuckMs);
    this.stuckTimer.unref?.();
  }

  /** Stops for good: the transport closes and nothing more is kept. */
  close(code: number, why: string): void {
    this.closed = true;
    clearTimeout(this.stuckTimer);
    const channel = this.channel;
    this.channel = undefined;
    channel?.close(code, why);
    this.outbox.clear();
  }

  private cutOff(): void {
    const channel = this.channel;
    if (channel === undefined) return;
    const error = clientStuck(this.outbox.size, this.outbox.bytes);
    this.limits.log.warn({}, error.message);
    channel.close(CLOSE_CODES.stuck, error.code);
    this.onCutOff(channel);
  }

  /** Numbers the frames, keeps them until acknowledged, and hands them to the transport. */
  private emit(frames: ServerFrame[]): void {
    if (this.closed) return;
    const text =
      frames.length === 1 ? encodeFrame(frames[0] as ServerFrame) : JSON.stringify(frames);
    const first = this.nextSeq;
    this.nextSeq += frames.length;
    this.outbox.push({ first, last: this.nextSeq - 1, text });
    this.channel?.send(text);
    // Every way out counts against the bound, answers to requests included: a client that
    // sends but never reads is cut off here, not after it has cost the server its memory.
    if (!this.outbox.overflowing) return;
    if (this.channel !== undefined) this.cutOff();
    else this.onOverflow(clientStuck(this.outbox.size, this.outbox.bytes));
  }
}
