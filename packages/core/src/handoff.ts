import type { InstanceHost, ViewInstance } from './instance.js';
import type { ViewClaims } from './token.js';

interface Parked {
  readonly instance: ViewInstance;
  readonly expires: number;
}

/**
 * Single mount: the instance the HTTP render mounted waits here, briefly, for the socket
 * that joins it on this process, so mount runs once. A mount that asked whether the socket
 * was connected (to start timers or subscriptions) is never parked: it must run again
 * connected.
 */
export class Handoffs {
  private readonly parked = new Map<string, Parked>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}

  /** Parks a freshly mounted, not yet connected instance under its token's nonce. */
  park(nonce: string, instance: ViewInstance): void {
    if (this.ttlMs <= 0 || instance.mountDependsOnConnection) return;
    this.sweep();
    if (this.parked.size >= this.max) {
      const oldest = this.parked.keys().next().value as string;
      this.parked.delete(oldest);
    }
    this.parked.set(nonce, { instance, expires: Date.now() + this.ttlMs });
  }

  /** The parked instance for a join, moved to the joining connection; or undefined. */
  take(claims: ViewClaims, host: InstanceHost): ViewInstance | undefined {
    if (claims.n === undefined) return undefined;
    const parked = this.parked.get(claims.n);
    if (parked === undefined) return undefined;
    this.parked.delete(claims.n);
    if (parked.expires < Date.now() || parked.instance.name !== claims.v) return undefined;
    parked.instance.rehost(host);
    return parked.instance;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [nonce, parked] of this.parked) {
      // Insertion order is expiry order: stop at the first one still valid.
      if (parked.expires >= now) break;
      this.parked.delete(nonce);
    }
  }
}
