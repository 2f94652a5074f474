import { describe, expect, it } from 'vitest';
import { addressKey } from './address-limits.js';
import type { KineticError } from './errors.js';
import { secretFromEnv } from './secret.js';
import { secretEntropyBits, TokenSigner } from './token.js';

const SECRET = 'token-test-secret-Q7v2-9xLp-Wm3k-Zr8t-Hb5n';
const claims = { v: 'Counter', p: {}, s: {}, c: 'digest', e: Date.now() + 60_000, i: 'lv-1' };

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as KineticError).code;
  }
  return 'no error';
};

describe('view tokens', () => {
  it('verify what they signed', () => {
    const signer = new TokenSigner(SECRET);
    expect(signer.verify(signer.sign(claims)).v).toBe('Counter');
  });

  it('have exactly one spelling of a signature: other encodings of the same bytes are refused', () => {
    const signer = new TokenSigner(SECRET);
    const token = signer.sign(claims);
    const [body, mac] = token.split('.') as [string, string];
    const bytes = Buffer.from(mac, 'base64url');
    const variants = [
      `${body}.${mac}=`,
      `${body}.${bytes.toString('base64')}`,
      `${body}.${mac}\n`,
      `${body}.${mac.slice(0, -1)}${String.fromCharCode(mac.charCodeAt(mac.length - 1) ^ 1)}`,
      `${body}.${mac}A`,
    ];
    // The last base64url character of a 32-byte MAC carries 2 unused bits: flip one.
    const last = mac.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1] as string;
    variants.push(`${body}.${mac.slice(0, -1)}${sibling}`);
    for (const variant of variants) {
      expect(
        codeOf(() => signer.verify(variant)),
        JSON.stringify(variant),
      ).toBe('KN_ERR_TOKEN_INVALID');
    }
  });

  it('refuse an expired token with its own code', () => {
    const signer = new TokenSigner(SECRET);
    const token = signer.sign({ ...claims, e: Date.now() - 1 });
    expect(codeOf(() => signer.verify(token))).toBe('KN_ERR_TOKEN_EXPIRED');
  });
});

describe('the signing secret', () => {
  it('is refused below 32 characters', () => {
    expect(codeOf(() => new TokenSigner('short'))).toBe('KN_ERR_SECRET');
  });

  it('warns (KN_ERR_SECRET_WEAK) when it has little entropy, and not for a random one', () => {
    const warnings: string[] = [];
    const log = { error() {}, info() {}, warn: (_o: object, m: string) => warnings.push(m) };
    new TokenSigner('a'.repeat(32), log);
    new TokenSigner('abababababababababababababababab', log);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('KN_ERR_SECRET_WEAK');
    new TokenSigner('3f9c1b7e5a2d8406c4e1f9b37a5d0e82', log);
    new TokenSigner(SECRET, log);
    expect(warnings).toHaveLength(2);
    expect(secretEntropyBits('a'.repeat(64))).toBe(0);
  });
});

describe('per-address keys', () => {
  it('count IPv4 (and IPv4-mapped) addresses as themselves, IPv6 ones by their /64', () => {
    expect(addressKey('10.1.2.3')).toBe('10.1.2.3');
    expect(addressKey('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('secretFromEnv', () => {
  it('reads KINETIC_SECRET, falls back outside production, and refuses to start in production without it', () => {
    expect(secretFromEnv('dev-fallback', { KINETIC_SECRET: SECRET, NODE_ENV: 'production' })).toBe(
      SECRET,
    );
    expect(secretFromEnv('dev-fallback', { NODE_ENV: 'development' })).toBe('dev-fallback');
    expect(codeOf(() => secretFromEnv('dev-fallback', { NODE_ENV: 'production' }))).toBe(
      'KN_ERR_SECRET',
    );
    expect(
      codeOf(() => secretFromEnv('dev-fallback', { NODE_ENV: 'production', KINETIC_SECRET: '' })),
    ).toBe('KN_ERR_SECRET');
  });
});
