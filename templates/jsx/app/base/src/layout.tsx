import { raw } from '@kinetic/core';
import type { Layout } from '@kinetic/transport';
import type { Assets } from 'kinetic/server';

/** The page around every live view: the stylesheet, Kinetic's head tags, the view. */
export const layout =
  (assets: Assets): Layout =>
  ({ content, title, head }) => (
    <>
      {/* JSX has no doctype: it is written as raw HTML, ahead of the document. */}
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{title}</title>
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href={assets.href('app.css')} />
          {head}
        </head>
        <body>
          <header class="site-header">
            <a href="/">__APP_NAME__</a>
          </header>
          <main class="site-main">{content}</main>
        </body>
      </html>
    </>
  );
