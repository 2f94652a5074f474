/** A token bucket: `rate` frames per second sustained, `burst` at once. */
export class RateLimit {
  private tokens: number;
  private last = Date.now();
  /** Frames refused in a row; a client that keeps flooding is cut off. */
  strikes = 0;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
    if (this.tokens < 1) {
      this.strikes++;
      return false;
    }
    this.tokens -= 1;
    this.strikes = 0;
    return true;
  }
}
