import { report, unsafeUrl } from './errors.js';

/**
 * `url` resolved against the page when it is http(s), else undefined (and reported). The
 * server refuses other schemes already; this is the second line, for every way the client
 * moves the browser, because a `javascript:` URL given to `location` runs in the page.
 */
export function safeUrl(url: string): URL | undefined {
  let target: URL;
  try {
    target = new URL(url, location.href);
  } catch {
    report(unsafeUrl(url));
    return undefined;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    report(unsafeUrl(url));
    return undefined;
  }
  return target;
}

/** A full page load of `url`, if it is safe to follow. */
export function loadPage(url: string, replace = false): void {
  const target = safeUrl(url);
  if (target === undefined) return;
  if (replace) location.replace(target.href);
  else location.assign(target.href);
}
