/** A token bucket: `rate` tokens per second sustained, `burst` at once. */
export class RateLimit {
  private tokens: number;
  private last = Date.now();
  /** Takes refused, less those allowed since; a client that keeps flooding is cut off. */
  strikes = 0;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(): boolean {
    this.refill();
    if (this.tokens < 1) {
      this.strikes++;
      return false;
    }
    this.tokens -= 1;
    // Strikes wear off one per allowed take: a client sending far above the rate piles
    // them up even though a token comes back now and then; a brief burst does not.
    if (this.strikes > 0) this.strikes--;
    return true;
  }

  /** Whether a take would succeed now, without taking. */
  peek(): boolean {
    this.refill();
    return this.tokens >= 1;
  }

  /** Full again: nothing to remember about its owner. */
  get idle(): boolean {
    this.refill();
    return this.tokens >= this.burst;
  }

  private refill(): void {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
  }
}
