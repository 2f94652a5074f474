import { existsSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TransportSecurityOptions } from './security-headers.js';

// Hand-rolled rather than @fastify/compress: Kinetic's plugin is not encapsulated (app.live
// must reach the app), so registering @fastify/compress inside it would either compress the
// app's own routes or collide with the app's own registration of it (reply.compress). The
// client bundle wants bytes compressed once at startup, not per response, and pages need one
// synchronous call: a few lines of node:zlib, no dependency.

/** A content coding Kinetic serves. */
export type Encoding = 'br' | 'gzip';

/** The codings on offer, best first. */
export const ENCODINGS: readonly Encoding[] = ['br', 'gzip'];

/** The file suffix of a precompressed copy: `app.css.br`, `app.css.gz`. */
export const ENCODING_SUFFIX: Readonly<Record<Encoding, string>> = { br: '.br', gzip: '.gz' };

/** The `compression` plugin option. */
export interface CompressionOptions {
  readonly compression?: boolean;
}

/** A body with its encodings computed ahead; an encoding is absent when it would not be smaller. */
export interface PrecompressedBody {
  readonly identity: Buffer;
  readonly br?: Buffer;
  readonly gzip?: Buffer;
}

/** Pages smaller than this go out as they are: the headers would eat the saving. */
export const MIN_COMPRESS_BYTES = 1024;

/**
 * The coding to send, from Accept-Encoding and what is on offer: br before gzip at equal
 * weight, `q=0` refuses, `*` covers codings not named; undefined means identity.
 * @example negotiateEncoding('gzip, br;q=0.5', ['br', 'gzip']) // 'gzip'
 */
export function negotiateEncoding(
  header: string | string[] | undefined,
  offered: readonly Encoding[],
): Encoding | undefined {
  if (header === undefined) return undefined;
  const weights = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (name === '') continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.trim().split('=');
      if (key === 'q') q = Number(value);
    }
    weights.set(name, Number.isFinite(q) ? q : 0);
  }
  let best: Encoding | undefined;
  let bestQ = 0;
  for (const encoding of offered) {
    const q = weights.get(encoding) ?? weights.get('*') ?? 0;
    if (q > bestQ) {
      best = encoding;
      bestQ = q;
    }
  }
  return best;
}

/** Brotli (quality 11) and gzip (level 9) of a static body, once: ~35 ms for the 30 KB client. */
export function precompress(body: Buffer): PrecompressedBody {
  const br = brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  const gzip = gzipSync(body, { level: 9 });
  return {
    identity: body,
    ...(br.length < body.length ? { br } : {}),
    ...(gzip.length < body.length ? { gzip } : {}),
  };
}

/**
 * The encodings of a static file: the copies a build wrote beside it (`kinetic.js.br`,
 * `kinetic.js.gz`), or, when there are none, computed now.
 */
export function precompressedFile(file: string, body: Buffer): PrecompressedBody {
  const copy = (encoding: Encoding) => {
    const path = file + ENCODING_SUFFIX[encoding];
    return existsSync(path) ? readFileSync(path) : undefined;
  };
  const br = copy('br');
  const gzip = copy('gzip');
  if (br === undefined && gzip === undefined) return precompress(body);
  return {
    identity: body,
    ...(br === undefined ? {} : { br }),
    ...(gzip === undefined ? {} : { gzip }),
  };
}

/**
 * The coding of `offered` to answer `request` with, Vary set either way (the answer depends
 * on Accept-Encoding even when it is the plain body). The caller sets Content-Encoding.
 */
export function chooseEncoding(
  request: FastifyRequest,
  reply: FastifyReply,
  offered: readonly Encoding[],
): Encoding | undefined {
  addVary(reply);
  return negotiateEncoding(request.headers['accept-encoding'], offered);
}

/** The body of `bodies` the request accepts, with Content-Encoding and Vary set. */
export function precompressedFor(
  request: FastifyRequest,
  reply: FastifyReply,
  bodies: PrecompressedBody,
): Buffer {
  const offered = ENCODINGS.filter((encoding) => bodies[encoding] !== undefined);
  const encoding = chooseEncoding(request, reply, offered);
  const body = encoding === undefined ? undefined : bodies[encoding];
  if (encoding === undefined || body === undefined) return bodies.identity;
  reply.header('content-encoding', encoding);
  return body;
}

/**
 * A live page's HTML, compressed when the client accepts it and it is worth it (brotli 4 or
 * gzip 6: a few KB compress in well under a millisecond, so synchronously).
 *
 * BREACH: a page holds a secret (the CSRF meta, stable per browser cookie) beside text the
 * URL reflects, so response sizes could leak the secret to an attacker who observes the
 * traffic and makes the victim's browser request many URLs. Those requests come from another
 * site, and browsers label them `Sec-Fetch-Site: cross-site` (or `same-site` from a sibling
 * subdomain): such pages go out uncompressed. (A cross-site subresource request carries no
 * SameSite=Lax CSRF cookie anyway, so it would get a fresh random token.) Same-origin loads,
 * typed URLs (`none`) and clients without Fetch Metadata are compressed.
 */
export function compressHtml(
  request: FastifyRequest,
  reply: FastifyReply,
  html: string,
  // The plugin's options object, which page contexts carry as their security options.
  options: TransportSecurityOptions & CompressionOptions,
): string | Buffer {
  if (options.compression === false || reply.hasHeader('content-encoding')) return html;
  addVary(reply);
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return html;
  if (Buffer.byteLength(html) < MIN_COMPRESS_BYTES) return html;
  const encoding = negotiateEncoding(request.headers['accept-encoding'], ENCODINGS);
  if (encoding === undefined) return html;
  reply.header('content-encoding', encoding);
  return encoding === 'br'
    ? brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } })
    : gzipSync(html, { level: 6 });
}

/** Adds Accept-Encoding to Vary, keeping what is there. */
function addVary(reply: FastifyReply): void {
  const vary = reply.getHeader('vary');
  const current = Array.isArray(vary) ? vary.join(', ') : vary === undefined ? '' : String(vary);
  if (/(^|,)\s*(\*|accept-encoding)\s*(,|$)/i.test(current)) return;
  reply.header('vary', current === '' ? 'Accept-Encoding' : `${current}, Accept-Encoding`);
}
