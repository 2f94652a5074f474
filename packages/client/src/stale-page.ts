import { KineticClientError, report } from './errors.js';

/** Join refusals that a fresh copy of the page cures: its token is from another server. */
const STALE = new Set([
  'KN_ERR_TOKEN_INVALID', // the server's secret changed (a restart without KINETIC_SECRET)
  'KN_ERR_TOKEN_EXPIRED', // the tab was left open longer than the token lives
  'KN_ERR_UNKNOWN_VIEW', // a deploy renamed or removed the view
  'KN_ERR_CSRF', // the browser's CSRF cookie changed since the page was rendered
]);
const KEY = 'kn:stale-reload';
/** A second refusal this soon after reloading is not cured by reloading: say so instead. */
const AGAIN_MS = 60_000;

/**
 * A page whose token the server no longer takes reloads itself, once, for a fresh token;
 * returns true when it does. If the fresh page is refused too, it stays, marked with
 * lv-error, and says why in the console, rather than reloading forever.
 */
export function reloadStalePage(code: string): boolean {
  if (!STALE.has(code)) return false;
  let last = 0;
  try {
    last = Number(sessionStorage.getItem(KEY) ?? 0);
    if (Date.now() - last < AGAIN_MS) {
      report(
        new KineticClientError(
          code,
          'the server refused this page’s token again after a reload. The server may be misconfigured (a KINETIC_SECRET that differs between its processes?).',
        ),
      );
      return false;
    }
    sessionStorage.setItem(KEY, String(Date.now()));
  } catch {
    // No sessionStorage (a sandboxed frame): without a way to count, never reload.
    return false;
  }
  location.reload();
  return true;
}
