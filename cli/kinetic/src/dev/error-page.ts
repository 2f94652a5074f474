import { DEV_PREFIX, type DevError } from '../shared/dev-protocol.js';

/** JSON safe inside a <script> element: no "</script>" or "<!--" can end it early. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/**
 * The page `kinetic dev` serves when the app cannot render one (it failed to build, to
 * start, or the view threw): the dev client shows the overlay from the embedded error and
 * reloads the page once the app is fixed.
 */
export function errorPage(error: DevError): string {
  return `<!doctype html>
<html lang="en" data-kinetic-dev-error-page>
  <head>
    <meta charset="utf-8">
    <title>Error · kinetic dev</title>
    <script type="application/json" id="kinetic-dev-error">${scriptJson(error)}</script>
    <script type="module" src="${DEV_PREFIX}/dev-client.js"></script>
  </head>
  <body style="background:#181a20"></body>
</html>`;
}
