import { unsafeUrl } from './errors.js';
/** How a handler sends the browser elsewhere: redirect, patchURL, navigate. */
export type GotoKind = 'r' | 'p' | 'n';

const KIND = { r: 'redirect', p: 'patchURL', n: 'navigate' } as const;

/**
 * Where a handler may send the browser: http(s) URLs, absolute or relative to the view's
 * page; a patch stays within the page's origin. Anything else (`javascript:`, `data:`, a
 * malformed URL) throws, naming the view: a "return to" value from a user must never run
 * script in the page.
 */
export function checkNavigation(view: string, kind: GotoKind, url: unknown, base: URL): string {
  if (typeof url !== 'string') throw unsafeUrl(view, KIND[kind], String(url), 'it is not a string');
  let target: URL;
  try {
    target = new URL(url, base);
  } catch {
    throw unsafeUrl(view, KIND[kind], url, 'it is not a valid URL');
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw unsafeUrl(view, KIND[kind], url, `the scheme ${target.protocol} is not http(s)`);
  }
  if (kind === 'p' && target.origin !== base.origin) {
    throw unsafeUrl(view, KIND[kind], url, 'a patch stays on the page’s origin; use redirect');
  }
  return url;
}
