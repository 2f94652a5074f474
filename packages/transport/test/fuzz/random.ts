/**
 * A seeded PRNG (sfc32), so a fuzz run that finds something can be run again: the same
 * seed gives every attacker the same sequence of frames.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A generator of its own for a worker `n`, still determined by this one's seed. */
  fork(n: number): Random {
    return new Random((Math.imul(this.seed ^ 0x5bd1e995, 31) + n * 0x9e3779b1) >>> 0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Random code units, surrogate halves and control characters included. */
  text(maxLength: number): string {
    const length = this.int(0, maxLength);
    let out = '';
    for (let i = 0; i < length; i++) {
      const kind = this.next();
      out += String.fromCharCode(
        kind < 0.6 ? this.int(32, 126) : kind < 0.8 ? this.int(0, 31) : this.int(127, 0xffff),
      );
    }
    return out;
  }

  bytes(maxLength: number): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.int(0, maxLength));
    for (let i = 0; i < out.length; i++) out[i] = this.int(0, 255);
    return out;
  }
}

/** A seed from `FUZZ_SEED`, or a fresh one to print. */
export function seedFrom(value: string | undefined): number {
  const given = Number(value);
  return value !== undefined && Number.isInteger(given)
    ? given >>> 0
    : Math.floor(Math.random() * 2 ** 32);
}
