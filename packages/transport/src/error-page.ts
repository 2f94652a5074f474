import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { escapeHtml } from '@kinetic/diff';

/** A short id that ties the page a user saw to the logged error. */
export const newErrorId = (): string => randomBytes(6).toString('base64url');

/**
 * The 500 page: a live page whose mount or render failed, or an app route that threw.
 * Without `expose` (production) it shows only the error id: messages and stacks can carry
 * secrets and file paths.
 */
export function errorPage(error: unknown, errorId: string, expose: boolean, nonce: string): string {
  return page({
    status: 500,
    title: 'Something went wrong',
    lead: 'This page could not be shown. Try again in a moment; if it keeps happening, let us know the error id below.',
    body:
      `<p class="id">Error id: <code>${escapeHtml(errorId)}</code></p>` +
      (expose ? details(error, true) : ''),
    retry: true,
    nonce,
  });
}

/** The 403 page of a view whose authorize() said no; the reason only with `expose`. */
export function forbiddenPage(error: unknown, expose: boolean, nonce: string): string {
  return page({
    status: 403,
    title: 'Forbidden',
    lead: 'You may not open this page. You may need to sign in with another account, or go back.',
    body: expose ? details(error, false) : '',
    retry: false,
    nonce,
  });
}

/** The 404 page: no route matched, or a view threw notFound(); its message only with `expose`. */
export function notFoundPage(error: unknown, expose: boolean, nonce: string): string {
  return page({
    status: 404,
    title: 'Page not found',
    lead: 'There is nothing at this address. Check the link for typos, go back, or start again from the home page.',
    body: expose && error !== undefined ? details(error, false) : '',
    retry: false,
    nonce,
  });
}

/** Any other 4xx of an app's route (401, 405, 413, …); the error's message only with `expose`. */
export function statusPage(status: number, error: unknown, expose: boolean, nonce: string): string {
  return page({
    status,
    title: STATUS_CODES[status] ?? 'Request refused',
    lead: 'The server could not answer this request as it was sent. Go back and try again, or start from the home page.',
    body: expose ? details(error, false) : '',
    retry: false,
    nonce,
  });
}

interface PageContent {
  readonly status: number;
  readonly title: string;
  readonly lead: string;
  /** Already escaped HTML. */
  readonly body: string;
  /** Offer to load the page again: the failure may pass. */
  readonly retry: boolean;
  readonly nonce: string;
}

// One self-contained document: no scripts, no files to fetch (the app's assets may be what
// is broken), so the style is inline and carries the response's CSP nonce.
const STYLE = `
:root { color-scheme: light dark; --bg: #f6f7f9; --card: #fff; --text: #1c1f24; --muted: #5b6270; --accent: #2454d6; --line: #dde1e8; --code: #eef0f4; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #14161a; --card: #1d2026; --text: #e8eaee; --muted: #a2a9b6; --accent: #8fb0ff; --line: #2e333c; --code: #262a32; }
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center; padding: 1.25rem; background: var(--bg); color: var(--text); font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { width: 100%; max-width: 36rem; background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 2rem 1.5rem; }
.status { margin: 0; color: var(--muted); font-size: .875rem; font-weight: 600; letter-spacing: .08em; }
h1 { margin: .25rem 0 .75rem; font-size: 1.625rem; line-height: 1.25; }
p { margin: 0 0 1rem; }
.lead { color: var(--muted); }
nav { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: 1.5rem; }
nav a { display: inline-block; padding: .6rem 1rem; border-radius: 8px; border: 1px solid var(--line); color: var(--accent); text-decoration: none; font-weight: 600; }
nav a:first-child { background: var(--accent); border-color: var(--accent); color: var(--card); }
nav a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
code, pre { font: .875rem/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--code); border-radius: 6px; }
code { padding: .1rem .35rem; }
pre { padding: .75rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
`;

const page = ({ status, title, lead, body, retry, nonce }: PageContent) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<title>${status} · ${escapeHtml(title)}</title>
<style nonce="${escapeHtml(nonce)}">${STYLE}</style>
</head>
<body>
<main>
<p class="status">Error ${status}</p>
<h1>${escapeHtml(title)}</h1>
<p class="lead">${lead}</p>
${body}
<nav>${retry ? '<a href="">Try again</a>' : ''}<a href="/">Go to the home page</a></nav>
</main>
</body>
</html>`;

function details(error: unknown, withStack: boolean): string {
  const message = `<pre>${escapeHtml(error instanceof Error ? error.message : String(error))}</pre>`;
  if (!withStack) return message;
  // The app's own error, where the runtime wrapped it (mount, render), has the useful stack.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return `${message}<pre>${escapeHtml(cause instanceof Error ? (cause.stack ?? '') : '')}</pre>`;
}
