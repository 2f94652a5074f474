import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { lowEntropySecret, tokenExpired, tokenInvalid, weakSecret } from './errors.js';
import type { Logger } from './logger.js';
import type { Params, SessionData } from './view.js';

/** What a view token says. Signed, so the browser can carry it but not change it. */
export interface ViewClaims {
  /** The view's name. */
  readonly v: string;
  /** Route params of the HTTP render. */
  readonly p: Params;
  /** Session data given to mount. */
  readonly s: SessionData;
  /** Digest of the CSRF token the page was rendered with. */
  readonly c: string;
  /** Expiry, ms since the epoch. */
  readonly e: number;
  /** The DOM id of the view's root element. */
  readonly i: string;
  /** Path and query of the page the token was rendered for (root views): its params are the truth. */
  readonly u?: string;
  /** The HTTP render's instance, for the single-mount handoff. */
  readonly n?: string;
}

/** Signs and checks view tokens with HMAC-SHA256. */
export class TokenSigner {
  private readonly secret: Buffer;
  private readonly digests = new Map<string, string>();

  constructor(secret: string, log?: Logger) {
    if (typeof secret !== 'string' || secret.length < 32) throw weakSecret();
    if (log !== undefined && secretEntropyBits(secret) < 96)
      log.warn({}, lowEntropySecret().message);
    this.secret = Buffer.from(secret);
  }

  sign(claims: ViewClaims): string {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The claims of a token, after its signature and expiry are checked. */
  verify(token: string, now = Date.now()): ViewClaims {
    if (typeof token !== 'string' || token.length > 16_384) throw tokenInvalid('not a token');
    const dot = token.indexOf('.');
    if (dot <= 0) throw tokenInvalid('malformed');
    const body = token.slice(0, dot);
    // Compared as text, not decoded: base64 decoding is lenient (padding, stray characters,
    // unused low bits), and one signature must have exactly one spelling.
    const given = Buffer.from(token.slice(dot + 1), 'latin1');
    const expected = Buffer.from(this.mac(body), 'latin1');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw tokenInvalid('bad signature');
    }
    let claims: ViewClaims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as ViewClaims;
    } catch {
      throw tokenInvalid('unreadable');
    }
    if (typeof claims.e !== 'number' || claims.e < now) throw tokenExpired();
    return claims;
  }

  /** Binds a token to a CSRF token without putting the CSRF token itself in the page twice. */
  csrfDigest(csrf: string): string {
    let digest = this.digests.get(csrf);
    if (digest === undefined) {
      digest = createHmac('sha256', this.secret)
        .update(`csrf:${csrf}`)
        .digest('base64url')
        .slice(0, 22);
      // A browser renders many pages with one CSRF cookie; keep recent digests, bounded.
      if (this.digests.size >= 4096) this.digests.clear();
      this.digests.set(csrf, digest);
    }
    return digest;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

/** A fresh random CSRF token. */
export const newCsrfToken = (): string => randomBytes(24).toString('base64url');

/** Compares two strings in constant time. */
export function safeEqual(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y) && a === b;
}

/**
 * A rough upper bound of a secret's entropy: its length times the log2 of the number of
 * distinct characters it uses. Catches `aaaa…`, `0123…` repeated and short alphabets; a
 * random 32-byte base64url string scores about 190 bits.
 */
export function secretEntropyBits(secret: string): number {
  const counts = new Map<string, number>();
  for (const ch of secret) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  const n = secret.length;
  // Shannon entropy of the character distribution, times the length.
  for (const c of counts.values()) bits -= (c / n) * Math.log2(c / n);
  return bits * n;
}
