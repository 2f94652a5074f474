import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Route guards apply to live connections too. A join for another URL than its token's,
 * and every URL change a client asks for, are checked by asking the app itself: an
 * in-process GET of that URL with the live connection's cookies and authorization, so the
 * route's own onRequest/preValidation/preHandler hooks decide, as they do for the page.
 * The live route answers such a probe after its hooks, without rendering.
 */
const PROBE_HEADER = 'x-kinetic-guard-probe';
// Per process and never sent to a browser: an outside request cannot pose as a probe.
const probeSecret = randomBytes(18).toString('base64url');

/** Whether `request` is a guard probe (answer it without rendering). */
export function isGuardProbe(request: FastifyRequest): boolean {
  return request.headers[PROBE_HEADER] === probeSecret;
}

/** Headers of the live connection a guard may look at (cookie, authorization, host, …). */
export type GuardHeaders = Readonly<Record<string, string | undefined>>;

/** What a guard said of a URL: allowed, or where it sent the browser instead. */
export type GuardVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly status: number };

/** Runs the app's guards of the live route at `url` for a connection with `headers`. */
export async function probeGuards(
  app: FastifyInstance,
  url: URL,
  headers: GuardHeaders,
  remoteAddress: string | undefined,
): Promise<GuardVerdict> {
  const response = await app.inject({
    method: 'GET',
    url: url.pathname + url.search,
    // The connection's own Host, not the URL's: the URL's origin is the client's word.
    headers: { host: url.host, ...definedHeaders(headers), [PROBE_HEADER]: probeSecret },
    ...(remoteAddress === undefined ? {} : { remoteAddress }),
  });
  if (response.statusCode === 204) return { allowed: true };
  return { allowed: false, status: response.statusCode };
}

function definedHeaders(headers: GuardHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (typeof v === 'string') out[k] = v;
  return out;
}
