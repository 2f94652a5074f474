import { randomBytes } from 'node:crypto';
import { badOptions } from './errors.js';

/**
 * The `csp` option: the page's Content-Security-Policy.
 * @example
 * // Images from a CDN too: a list replaces that directive's sources, `false` removes it.
 * { directives: { 'img-src': ["'self'", 'data:', 'https://images.example.com'] } }
 */
export interface CspOptions {
  /** Directives merged over the defaults. The page's nonce is always added to script-src and style-src. */
  readonly directives?: Readonly<Record<string, readonly string[] | false>>;
  /** Send Content-Security-Policy-Report-Only: violations are reported, nothing is blocked. */
  readonly reportOnly?: boolean;
}

/** The default policy; `'nonce-…'` is added to script-src and style-src per response. */
export const DEFAULT_CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  // style="" attributes: live components' display:contents wrapper, views' own, and the
  // client's setAttribute patches; a nonce cannot cover attributes. An attribute cannot load
  // script or select other elements, so this is the narrow opening; <style> still needs the nonce.
  'style-src-attr': ["'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  // CSP3 (and Chromium): 'self' also matches ws:/wss: on the page's host and port.
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'self'"],
};

const NONCED = new Set(['script-src', 'script-src-elem', 'style-src', 'style-src-elem']);

/** A per-response nonce: 128 random bits, base64 as the nonce-source grammar wants. */
export const newNonce = (): string => randomBytes(16).toString('base64');

/** The policy header of a page, given its nonce. */
export type PolicyFor = (nonce: string) => readonly [name: string, value: string];

/** Checks and merges the `csp` option once; undefined when CSP is off. */
export function compilePolicy(csp: CspOptions | false | undefined): PolicyFor | undefined {
  if (csp === false) return undefined;
  const directives: Array<[string, readonly string[]]> = [];
  for (const [name, sources] of Object.entries({ ...DEFAULT_CSP_DIRECTIVES, ...csp?.directives })) {
    if (sources === false) continue;
    // A ";" or "," in a source would start another directive or policy the app never wrote.
    if (!/^[a-z][a-z-]*$/.test(name) || sources.some((s) => !/^[^\s;,]+$/.test(s))) {
      throw badOptions(
        `csp directive "${name}" must be a lower-case directive name with sources that contain no spaces, ";" or ","`,
      );
    }
    directives.push([name, sources]);
  }
  const header =
    csp?.reportOnly === true ? 'content-security-policy-report-only' : 'content-security-policy';
  return (nonce) => [
    header,
    directives
      .map(([name, sources]) =>
        [name, ...sources, ...(NONCED.has(name) ? [`'nonce-${nonce}'`] : [])].join(' '),
      )
      .join('; '),
  ];
}
