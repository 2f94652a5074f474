import { randomBytes } from 'node:crypto';
import { escapeHtml } from '@kinetic/diff';

/** A short id that ties the page a user saw to the logged error. */
export const newErrorId = (): string => randomBytes(6).toString('base64url');

/**
 * The 500 page of a live route whose render failed. Without `expose` (production) it shows
 * only the error id: messages and stacks can carry secrets and file paths.
 */
export function errorPage(error: unknown, errorId: string, expose: boolean): string {
  return page(
    'Something went wrong',
    `<p>This page could not be shown. Error id: <code>${errorId}</code></p>` +
      (expose ? details(error, true) : ''),
  );
}

/** The 403 page of a view whose authorize() said no; the reason only with `expose`. */
export function forbiddenPage(error: unknown, expose: boolean): string {
  return page(
    'Forbidden',
    `<p>You may not open this page.</p>${expose ? details(error, false) : ''}`,
  );
}

const page = (title: string, body: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title></head>
<body>
<h1>${title}</h1>
${body}
</body>
</html>`;

function details(error: unknown, withStack: boolean): string {
  const message = `<pre>${escapeHtml(error instanceof Error ? error.message : String(error))}</pre>`;
  if (!withStack) return message;
  // The app's own error, where the runtime wrapped it (mount, render), has the useful stack.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return `${message}<pre>${escapeHtml(cause instanceof Error ? (cause.stack ?? '') : '')}</pre>`;
}
