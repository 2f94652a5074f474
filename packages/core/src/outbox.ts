/** One server message as sent: its frames are numbered first..last. */
export interface OutboxEntry {
  readonly first: number;
  readonly last: number;
  readonly text: string;
}

/**
 * The messages a session sent that the client has not acknowledged, in order. A client
 * that reconnects gets them again; an acknowledgement lets them go. Its size is what a
 * slow or vanished client costs the server, so the session watches `full`.
 */
export class Outbox {
  private entries: OutboxEntry[] = [];
  private head = 0;
  private chars = 0;

  constructor(
    readonly maxMessages: number,
    readonly maxBytes: number,
  ) {}

  get size(): number {
    return this.entries.length - this.head;
  }

  /** Approximate bytes held (string length; close enough for a bound). */
  get bytes(): number {
    return this.chars;
  }

  /** Over its bounds: the session stops queueing server-initiated updates. */
  get full(): boolean {
    return this.size >= this.maxMessages || this.chars >= this.maxBytes;
  }

  /**
   * So far over its bounds that the client is cut off at once: twice the bound, or (a
   * single message may be larger than the bound) its bytes over twice the bound in more
   * than one message, so one big render does not cut off a client over and over.
   */
  get overflowing(): boolean {
    return this.size >= this.maxMessages * 2 || (this.size > 1 && this.chars >= this.maxBytes * 2);
  }

  push(entry: OutboxEntry): void {
    this.entries.push(entry);
    this.chars += entry.text.length;
  }

  /** Forgets every message whose frames are all numbered at or below `seq`. */
  ack(seq: number): void {
    while (
      this.head < this.entries.length &&
      (this.entries[this.head] as OutboxEntry).last <= seq
    ) {
      this.chars -= (this.entries[this.head] as OutboxEntry).text.length;
      this.head++;
    }
    // Everything acknowledged (an idle session, the usual state): nothing is kept, the join
    // reply included, which is most of what an idle view would otherwise hold.
    if (this.head === this.entries.length) {
      this.entries.length = 0;
      this.head = 0;
      return;
    }
    // Compact now and then so acknowledged entries do not pile up in the array.
    if (this.head > 64 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** The messages holding frames numbered above `seq`, in order. */
  after(seq: number): OutboxEntry[] {
    const out: OutboxEntry[] = [];
    for (let i = this.head; i < this.entries.length; i++) {
      const entry = this.entries[i] as OutboxEntry;
      if (entry.last > seq) out.push(entry);
    }
    return out;
  }

  clear(): void {
    this.entries = [];
    this.head = 0;
    this.chars = 0;
  }
}
