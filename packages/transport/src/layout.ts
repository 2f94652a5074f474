import { html, type RawHTML, type Rendered, renderToString } from '@kinetic/diff';

/** What a layout receives to build the page around a live view. */
export interface LayoutContext {
  /** The live view's root element. Place it in the body. */
  readonly content: RawHTML;
  /** The page title (the view's title(), or the route's). */
  readonly title: string;
  /** Tags Kinetic needs in <head>: the CSRF meta and the client script. */
  readonly head: RawHTML;
  /**
   * This response's CSP nonce. The default policy blocks any inline `<script>` or `<style>`
   * without it, so put it on the layout's own:
   * @example html`<style nonce="${nonce}">body { margin: 0 }</style>`
   */
  readonly nonce: string;
}

/** A root layout: the app's own page template around each live view. */
export type Layout = (page: LayoutContext) => Rendered | string;

export const defaultLayout: Layout = ({ content, title, head }) => html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${title}</title>
    ${head}
  </head>
  <body>
    ${content}
  </body>
</html>`;

/** Renders a layout; the head tags are added before </head> if the layout left them out. */
export function renderLayout(layout: Layout, page: LayoutContext): string {
  const out = layout(page);
  const text = typeof out === 'string' ? out : renderToString(out);
  if (text.includes('name="kinetic-csrf"')) return text;
  const at = text.search(/<\/head>/i);
  return at === -1 ? page.head.html + text : text.slice(0, at) + page.head.html + text.slice(at);
}
