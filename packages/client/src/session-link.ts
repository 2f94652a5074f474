import type { HelloFrame, ServerFrame, ServerMessage } from '@kinetic/protocol';
import { badFrame, report } from './errors.js';
import type { SessionState, Transport, TransportFactory, TransportName } from './transport.js';
import { longPollTransport } from './transport-longpoll.js';
import { sseTransport } from './transport-sse.js';
import { webSocketTransport } from './transport-websocket.js';

const FACTORIES: Record<TransportName, TransportFactory> = {
  websocket: webSocketTransport,
  sse: sseTransport,
  longpoll: longPollTransport,
};
const FALLBACKS = Object.keys(FACTORIES) as TransportName[];

/** Is `name` a transport the client has? */
export const isTransportName = (name: unknown): name is TransportName =>
  typeof name === 'string' && name in FACTORIES;

/** The transport that delivered a hello on this page: reconnects use it, never probe again. */
let worked: TransportName | undefined;

/** A proxy that buffers the event stream lets it open but delivers nothing. */
const HELLO_TIMEOUT_MS = 4000;
const BACKOFF_START_MS = 200;
const BACKOFF_CAP_MS = 5000;
const ACK_EVERY = 16;
const ACK_AFTER_MS = 500;

/** What the session link tells the connection. */
export interface LinkEvents {
  /**
   * A hello arrived. `first`: the first on this transport; a long-poll sends one per poll.
   * `resumed`: the session and its views carried on, missed frames follow.
   */
  hello(resumed: boolean, lastRef: number, first: boolean): void;
  /** A sequenced frame, once, in order. */
  frame(frame: ServerFrame): void;
  /** The transport is gone; a reconnect is scheduled. */
  down(): void;
}

/**
 * The session across transports: picks a transport (WebSocket, then SSE, then long-poll),
 * numbers the frames it delivers and drops those already processed, acknowledges them, and
 * reconnects with backoff, passing the session id and ack so the server can resume.
 */
export class SessionLink implements SessionState {
  sid: string | undefined;
  key: string | undefined;
  received = 0;
  /** The transport in use or being tried. */
  name: TransportName | undefined;
  private transport: Transport | undefined;
  /** The number of the next sequenced frame on this transport. */
  private seq = 0;
  private greeted = false;
  private probe = 0;
  private attempts = 0;
  private unacked = 0;
  private ackTimer: ReturnType<typeof setTimeout> | undefined;
  private helloTimer: ReturnType<typeof setTimeout> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly livePath: string,
    private readonly forced: TransportName | undefined,
    private readonly events: LinkEvents,
  ) {}

  open(): void {
    this.retry = undefined;
    const name = this.forced ?? worked ?? (FALLBACKS[this.probe] as TransportName);
    const transport = FACTORIES[name](this.livePath, this);
    this.transport = transport;
    this.name = name;
    this.greeted = false;
    transport.onmessage = (text) => {
      if (this.transport === transport) this.receive(text, transport);
    };
    transport.onclose = () => {
      if (this.transport === transport) this.lost();
    };
    if (name !== this.forced && name !== worked && name !== 'longpoll') {
      this.helloTimer = setTimeout(
        () => this.transport === transport && this.lost(),
        HELLO_TIMEOUT_MS,
      );
    }
    transport.open();
  }

  /** Sends one client frame; only while the transport is up (after its hello). */
  send(message: string): void {
    this.transport?.send(message);
  }

  /**
   * Drops the transport and reconnects: after `afterMs` (a `c` frame) plus jitter, or with
   * backoff. `fresh` forgets the session, so the server starts a new one.
   */
  restart(afterMs?: number, fresh?: boolean): void {
    if (fresh) {
      this.sid = undefined;
      this.key = undefined;
    }
    this.stop(false);
    this.events.down();
    this.schedule(afterMs);
  }

  /** Reconnects now if waiting to (the page became visible, the network came back). */
  wake(): void {
    if (this.retry === undefined || this.stopped) return;
    clearTimeout(this.retry);
    this.open();
  }

  /** Closes the transport; `forGood` (the default) also ends reconnecting. */
  stop(forGood = true): void {
    this.stopped ||= forGood;
    clearTimeout(this.retry);
    clearTimeout(this.helloTimer);
    clearTimeout(this.ackTimer);
    this.unacked = 0;
    this.transport?.close();
    this.transport = undefined;
  }

  private lost(): void {
    const greeted = this.greeted;
    this.stop(false);
    // Blocked (a proxy refuses upgrades or buffers streams): the next transport, at once.
    if (!greeted && !this.forced && !worked && this.probe < FALLBACKS.length - 1) {
      this.probe++;
      this.open();
      return;
    }
    this.probe = 0;
    this.events.down();
    this.schedule();
  }

  /** Full jitter: a uniform delay up to an exponentially growing cap, so tabs spread out. */
  private schedule(afterMs = 0): void {
    if (this.stopped) return;
    clearTimeout(this.retry);
    const cap = Math.min(BACKOFF_CAP_MS, BACKOFF_START_MS * 2 ** this.attempts++);
    this.retry = setTimeout(() => this.open(), afterMs + Math.random() * cap);
  }

  private receive(text: string, transport: Transport): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(text) as ServerMessage;
    } catch {
      report(badFrame(text.slice(0, 80)));
      this.restart(undefined, true);
      return;
    }
    // One step's frames may come batched in one message; each has its own number.
    const frames = (Array.isArray(message[0]) ? message : [message]) as ServerFrame[];
    for (const frame of frames) {
      // A frame may have restarted the link; the rest belong to a transport now gone.
      if (this.transport !== transport) return;
      if (frame[0] === 's') {
        this.hello(frame);
        continue;
      }
      // Frames before the hello (a refusal) are not numbered.
      if (this.greeted) {
        const seq = this.seq++;
        if (seq <= this.received) continue;
        this.received = seq;
      }
      this.events.frame(frame);
      if (this.greeted) this.countForAck();
    }
  }

  private hello([, sid, resumed, lastRef, nextSeq, key]: HelloFrame): void {
    clearTimeout(this.helloTimer);
    const first = !this.greeted;
    const carriedOn = resumed === 1 && sid === this.sid;
    // The server must carry on right after what was processed: a gap is lost frames.
    if (carriedOn && nextSeq > this.received + 1) {
      report(badFrame(`frames ${this.received + 1} to ${nextSeq - 1} are missing`));
      this.restart(undefined, true);
      return;
    }
    if (!carriedOn) this.received = nextSeq - 1;
    this.sid = sid;
    this.key = key;
    this.seq = nextSeq;
    if (first) {
      this.greeted = true;
      worked = this.name;
      this.attempts = 0;
      this.probe = 0;
    }
    this.events.hello(carriedOn, lastRef, first);
  }

  /** Long-poll acknowledges with its next poll; the others after 16 frames or 500 ms. */
  private countForAck(): void {
    if (this.name === 'longpoll') return;
    if (++this.unacked >= ACK_EVERY) this.ack();
    else if (this.unacked === 1) this.ackTimer = setTimeout(() => this.ack(), ACK_AFTER_MS);
  }

  private ack(): void {
    clearTimeout(this.ackTimer);
    this.unacked = 0;
    this.transport?.send(JSON.stringify(['a', this.received]));
  }
}
