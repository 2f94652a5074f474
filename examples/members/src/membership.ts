import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

const COOKIE = 'member';
const NAME = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * Who is signed in: a `member` cookie holding a name and its HMAC, so the browser can carry
 * it but not change it. A real app would use its session store; the shape of the checks
 * below stays the same.
 */
export class Membership {
  constructor(private readonly secret: string) {}

  /** The signed-in member's name, or undefined. */
  memberOf(request: FastifyRequest): string | undefined {
    const value = /(?:^|;\s*)member=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
    if (value === undefined) return undefined;
    const [name = '', mac = ''] = decodeURIComponent(value).split('.');
    const expected = this.mac(name);
    if (!NAME.test(name) || mac.length !== expected.length) return undefined;
    return timingSafeEqual(Buffer.from(mac), Buffer.from(expected)) ? name : undefined;
  }

  /** The Set-Cookie value that signs `name` in, or undefined for a name we do not take. */
  cookieFor(name: string, secure: boolean): string | undefined {
    if (!NAME.test(name)) return undefined;
    const value = encodeURIComponent(`${name}.${this.mac(name)}`);
    return `${COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  }

  /**
   * A route guard: anyone not signed in goes to the sign-in page. On a live route it also
   * guards every URL a live connection asks for (Kinetic asks the route's hooks again).
   */
  readonly requireMember = async (request: FastifyRequest, reply: FastifyReply) => {
    if (this.memberOf(request) === undefined) {
      await reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
    }
  };

  private mac(name: string): string {
    return createHmac('sha256', this.secret).update(`member:${name}`).digest('base64url');
  }
}

/** A "return to" value from the query: a path of this site, or the home page. */
export function localPath(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}
