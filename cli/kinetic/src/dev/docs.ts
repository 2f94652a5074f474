import { readdirSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Marked, type Tokens } from 'marked';

/** Where `kinetic dev` serves the guides; the new app's welcome page links here in dev. */
export const DOCS_PREFIX = '/__kinetic/docs';

/** The repository's docs/*.md, copied into the package by scripts/copy-docs.mjs. */
const DOCS_DIR = new URL('../docs/', import.meta.url);
/** A doc's name as the URL gives it: never a path (no `/`, `.` or `%`), so no traversal. */
const DOC_NAME = /^[a-z][a-z0-9-]*$/;

/** GitHub's heading ids, so the docs' `security.md#error-pages` links land. */
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');

const markdown = new Marked({
  gfm: true,
  walkTokens: (token) => {
    // `security.md#x` from one doc to another is `security#x` here.
    if (token.type === 'link') {
      const link = token as Tokens.Link;
      link.href = link.href.replace(/^([a-z][a-z0-9-]*)\.md(?=#|$)/, '$1');
    }
  },
  renderer: {
    heading({ tokens, depth, text }) {
      return `<h${depth} id="${slug(text)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
    },
  },
});

interface Doc {
  readonly name: string;
  readonly title: string;
  readonly source: string;
}

/**
 * The guides that ship with the package, rendered as HTML: an index at `DOCS_PREFIX/` and
 * one page per doc at `DOCS_PREFIX/<name>`. Only the shipped names answer; anything else
 * (an unknown name, `../`) is a 404. Returns false for paths outside `DOCS_PREFIX`.
 *
 * @example if (serveDocs(path, res)) return;
 */
export function serveDocs(path: string, res: ServerResponse, dir: URL = DOCS_DIR): boolean {
  if (path === DOCS_PREFIX) {
    res.writeHead(308, { location: `${DOCS_PREFIX}/` }).end();
    return true;
  }
  if (!path.startsWith(`${DOCS_PREFIX}/`)) return false;
  const name = path.slice(DOCS_PREFIX.length + 1);
  const docs = readDocs(dir);
  if (name === '') {
    send(res, 200, 'Docs', indexBody(docs));
    return true;
  }
  const doc = DOC_NAME.test(name) ? docs.find((d) => d.name === name) : undefined;
  if (doc === undefined) {
    send(res, 404, 'Not found', `<h1>No doc named “${escapeHtml(name)}”</h1>${indexBody(docs)}`);
    return true;
  }
  const body = markdown.parse(doc.source, { async: false });
  send(res, 200, doc.title, `<p class="back"><a href="./">← All docs</a></p>${body}`);
  return true;
}

/** Read on every request: the docs are few and small, and this is the dev server. */
function readDocs(dir: URL): Doc[] {
  let files: string[];
  try {
    files = readdirSync(fileURLToPath(dir));
  } catch {
    return [];
  }
  return files
    .filter((file) => file.endsWith('.md') && DOC_NAME.test(file.slice(0, -3)))
    .sort()
    .map((file) => {
      const source = readFileSync(new URL(file, dir), 'utf8');
      const name = file.slice(0, -3);
      const title = /^# (.+)$/m.exec(source)?.[1]?.replace(/`/g, '') ?? name;
      return { name, title, source };
    });
}

const indexBody = (docs: readonly Doc[]) =>
  `<h1>Kinetic docs</h1>
<p>The guides that came with this version of <code>kinetic</code>.</p>
<ul class="docs">${docs
    .map((doc) => `<li><a href="${DOCS_PREFIX}/${doc.name}">${escapeHtml(doc.title)}</a></li>`)
    .join('')}</ul>`;

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function send(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(title)} · Kinetic docs</title>
    <link rel="icon" href="data:,">
    <style>${STYLE}</style>
  </head>
  <body><main>${body}</main></body>
</html>`);
}

const STYLE = `
:root { color-scheme: light dark; --ink: #1d2330; --muted: #5b6475; --line: #d8dce4;
  --accent: #3a5bd9; --paper: #fff; --code: #f1f3f7;
  font: 16px/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
  background: var(--paper); }
@media (prefers-color-scheme: dark) {
  :root { --ink: #e4e7ee; --muted: #a0a8b8; --line: #343a48; --accent: #8ea6ff;
    --paper: #14161c; --code: #1f232c; }
}
body { margin: 0; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
a { color: var(--accent); }
h1, h2, h3 { line-height: 1.25; }
h2 { margin-top: 2.5rem; border-bottom: 1px solid var(--line); padding-bottom: 0.3rem; }
code { font: 0.9em ui-monospace, SFMono-Regular, Menlo, monospace; background: var(--code);
  padding: 0.1em 0.3em; border-radius: 0.25rem; }
pre { background: var(--code); padding: 0.9rem 1rem; border-radius: 0.4rem; overflow-x: auto; }
pre code { padding: 0; background: none; }
table { border-collapse: collapse; display: block; overflow-x: auto; }
th, td { border: 1px solid var(--line); padding: 0.35rem 0.6rem; text-align: left; }
.back { color: var(--muted); font-size: 0.9rem; }
`;
