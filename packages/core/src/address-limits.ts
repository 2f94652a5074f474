import { type KineticError, tooManyConnections, tooManySessions } from './errors.js';
import { RateLimit } from './rate-limit.js';

export interface AddressLimitOptions {
  readonly maxConnectionsPerIp: number;
  /** New sessions per second, sustained, per address. */
  readonly newSessionsPerIp: number;
  /** New sessions an address may open at once above the sustained rate. */
  readonly newSessionBurst: number;
}

/** Addresses remembered at most; idle ones are forgotten first. */
const MAX_TRACKED = 100_000;

/**
 * Per-address caps, so one client cannot take every connection or session slot of the
 * server from honest users: live connections held at once, and new sessions opened per
 * second. IPv6 addresses count by their /64, the block one subscriber usually holds.
 */
export class AddressLimits {
  private readonly connections = new Map<string, number>();
  private readonly openings = new Map<string, RateLimit>();

  constructor(private readonly options: AddressLimitOptions) {}

  /** What an attach from `ip` would be refused with, without counting it. */
  refusal(ip: string | undefined, opensSession: boolean): KineticError | undefined {
    if (ip === undefined) return undefined;
    const key = addressKey(ip);
    if ((this.connections.get(key) ?? 0) >= this.options.maxConnectionsPerIp)
      return tooManyConnections(this.options.maxConnectionsPerIp);
    if (opensSession && this.openings.get(key)?.peek() === false)
      return tooManySessions(this.options.newSessionsPerIp);
    return undefined;
  }

  /** Counts a new session from `ip`; the refusal when it is over its rate. */
  open(ip: string | undefined): KineticError | undefined {
    if (ip === undefined) return undefined;
    const key = addressKey(ip);
    let bucket = this.openings.get(key);
    if (bucket === undefined) {
      if (this.openings.size >= MAX_TRACKED) this.forgetIdle();
      bucket = new RateLimit(this.options.newSessionsPerIp, this.options.newSessionBurst);
      this.openings.set(key, bucket);
    }
    return bucket.take() ? undefined : tooManySessions(this.options.newSessionsPerIp);
  }

  connected(ip: string | undefined): void {
    if (ip === undefined) return;
    const key = addressKey(ip);
    this.connections.set(key, (this.connections.get(key) ?? 0) + 1);
  }

  disconnected(ip: string | undefined): void {
    if (ip === undefined) return;
    const key = addressKey(ip);
    const n = (this.connections.get(key) ?? 0) - 1;
    if (n > 0) this.connections.set(key, n);
    else this.connections.delete(key);
  }

  private forgetIdle(): void {
    for (const [key, bucket] of this.openings) if (bucket.idle) this.openings.delete(key);
    // Still full: a flood from very many addresses; start over rather than grow.
    if (this.openings.size >= MAX_TRACKED) this.openings.clear();
  }
}

/** The address an IP counts as: itself for IPv4, its /64 for IPv6. */
export function addressKey(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4 !== null) return v4[1] as string;
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = ip.includes('::')
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}
