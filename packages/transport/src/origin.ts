/**
 * Whether a live connection's Origin is acceptable. Browsers always send Origin on
 * WebSocket and cross-site requests, so checking it stops other sites from driving a
 * user's session (cross-site WebSocket hijacking). A request without Origin does not come
 * from a browser page and still needs the CSRF cookie and a signed token.
 */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allow: readonly string[] | undefined,
): boolean {
  if (origin === undefined) return true;
  if (allow !== undefined && allow.length > 0) return allow.includes(origin) || allow.includes('*');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
