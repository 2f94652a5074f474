/**
 * Whether a live connection's Origin is acceptable: the page's own origin (scheme, host
 * and port: `https://host` is not `http://host`), or one listed. Browsers always send
 * Origin on WebSocket and cross-site requests, so checking it stops other sites from
 * driving a user's session (cross-site WebSocket hijacking). A request without Origin does
 * not come from a browser page and still needs a signed token, the CSRF token and, to
 * resume, the session's key.
 */
export function originAllowed(
  origin: string | undefined,
  expected: string,
  allow: readonly string[] | undefined,
): boolean {
  if (origin === undefined) return true;
  const given = normalize(origin);
  if (given === undefined) return false;
  if (allow !== undefined && allow.length > 0) {
    return allow.includes('*') || allow.some((entry) => normalize(entry) === given);
  }
  return given === normalize(expected);
}

/** The serialized origin of a URL (default ports dropped, case folded), or undefined. */
function normalize(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}
