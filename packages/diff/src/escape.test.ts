import { describe, expect, test } from 'vitest';
import { escapeHtml, html, isScriptUrl, KineticDiffError, raw, renderToString } from './index.js';

/**
 * XSS payloads. `scriptUrl`: followed as a URL, the payload runs script, so URL attributes
 * must refuse it (escaping alone would not help: it contains no markup).
 */
const PAYLOADS: ReadonlyArray<{ payload: string; scriptUrl?: true }> = [
  { payload: '<script>alert(1)</script>' },
  { payload: '<img src=x onerror=alert(1)>' },
  { payload: '<svg onload=alert(1)>' },
  { payload: '<svg/onload=alert(1)//' },
  { payload: '"><script>alert(1)</script>' },
  { payload: "'><script>alert(1)</script>" },
  { payload: '" onmouseover="alert(1)' },
  { payload: "' onmouseover='alert(1)" },
  { payload: '" autofocus onfocus="alert(1)' },
  { payload: '"/><svg/onload=alert(1)>' },
  { payload: '</script><script>alert(1)</script>' },
  { payload: '</style><script>alert(1)</script>' },
  { payload: '--><script>alert(1)</script><!--' },
  { payload: '--!><img src=x onerror=alert(1)>' },
  { payload: '<!--<img src="--><img src=x onerror=alert(1)//">' },
  { payload: '<iframe srcdoc="<script>alert(1)</script>">' },
  { payload: '<a href="javascript:alert(1)">x</a>' },
  { payload: '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>' },
  { payload: "{{constructor.constructor('alert(1)')()}}" },
  { payload: '&lt;script&gt;alert(1)&lt;/script&gt;' },
  { payload: 'javascript:alert(1)', scriptUrl: true },
  { payload: 'JaVaScRiPt:alert(1)', scriptUrl: true },
  { payload: ' javascript:alert(1)', scriptUrl: true },
  { payload: 'java\tscript:alert(1)', scriptUrl: true },
  { payload: 'java\nscript:alert(1)', scriptUrl: true },
  { payload: '\u0001\u0010javascript:alert(1)', scriptUrl: true },
  { payload: '&#106;avascript:alert(1)', scriptUrl: true },
  { payload: '&#x6A;avascript:alert(1)', scriptUrl: true },
  { payload: '&#0000106&#0000097vascript:alert(1)', scriptUrl: true },
  { payload: 'javascript&colon;alert(1)', scriptUrl: true },
  { payload: 'jav&#x09;ascript:alert(1)', scriptUrl: true },
  { payload: 'javascript:alert("x")//"><script>', scriptUrl: true },
  { payload: "javascript:alert('x')", scriptUrl: true },
  { payload: 'data:text/html,<script>alert(1)</script>', scriptUrl: true },
  { payload: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', scriptUrl: true },
  { payload: 'DATA:TEXT/HTML,<b>', scriptUrl: true },
  { payload: 'data:image/svg+xml,<svg onload=alert(1)>', scriptUrl: true },
  { payload: 'vbscript:msgbox(1)', scriptUrl: true },
];

const DANGEROUS = /[<>"']/;

/** Undoes escapeHtml, to check that escaping kept the text and only the text. */
const unescapeHtml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The rendered dynamic: the output minus the known static prefix and suffix. */
function between(out: string, before: string, after: string): string {
  expect(out.startsWith(before)).toBe(true);
  expect(out.endsWith(after)).toBe(true);
  return out.slice(before.length, out.length - after.length);
}

/** Renders, or returns the code of the KineticDiffError thrown. */
function attempt(fn: () => ReturnType<typeof html>): { html: string } | { code: string } {
  try {
    return { html: renderToString(fn()) };
  } catch (error) {
    if (error instanceof KineticDiffError) return { code: error.code };
    throw error;
  }
}

describe.each(PAYLOADS)('the payload $payload', ({ payload, scriptUrl }) => {
  test('as text, it is escaped: no < > " \' survive, the text is kept', () => {
    const inner = between(renderToString(html`<p>${payload}</p>`), '<p>', '</p>');
    expect(inner).not.toMatch(DANGEROUS);
    expect(unescapeHtml(inner)).toBe(payload);
  });

  test('inside a comment, it is escaped', () => {
    const inner = between(renderToString(html`<!-- ${payload} -->`), '<!-- ', ' -->');
    expect(inner).not.toMatch(DANGEROUS);
  });

  test('as a double- or single-quoted attribute value, it is escaped', () => {
    const double = between(
      renderToString(html`<div title="${payload}"></div>`),
      '<div title="',
      '"></div>',
    );
    expect(double).not.toMatch(DANGEROUS);
    expect(unescapeHtml(double)).toBe(payload);
    const single = between(
      renderToString(html`<div title='${payload}'></div>`),
      "<div title='",
      "'></div>",
    );
    expect(single).not.toMatch(DANGEROUS);
  });

  test('as a whole attribute, it is quoted and escaped', () => {
    const inner = between(
      renderToString(html`<div title=${payload}></div>`),
      '<div title="',
      '"></div>',
    );
    expect(inner).not.toMatch(DANGEROUS);
    expect(unescapeHtml(inner)).toBe(payload);
  });

  const urlPositions: ReadonlyArray<[string, () => ReturnType<typeof html>, string, string]> = [
    ['href="…"', () => html`<a href="${payload}">x</a>`, '<a href="', '">x</a>'],
    ['href=…', () => html`<a href=${payload}>x</a>`, '<a href="', '">x</a>'],
    ['src="…"', () => html`<img src="${payload}">`, '<img src="', '">'],
    ['src=…', () => html`<iframe src=${payload}></iframe>`, '<iframe src="', '"></iframe>'],
    ['action="…"', () => html`<form action="${payload}"></form>`, '<form action="', '"></form>'],
    ['action=…', () => html`<form action=${payload}></form>`, '<form action="', '"></form>'],
    [
      'formaction="…"',
      () => html`<button formaction="${payload}">go</button>`,
      '<button formaction="',
      '">go</button>',
    ],
    [
      'formaction=…',
      () => html`<button formaction=${payload}>go</button>`,
      '<button formaction="',
      '">go</button>',
    ],
  ];
  test.each(urlPositions)(
    `in the URL attribute %s, it is ${scriptUrl ? 'refused' : 'escaped'}`,
    (_, render, before, after) => {
      const result = attempt(render);
      if (scriptUrl) {
        expect(result).toEqual({ code: 'KN_ERR_TEMPLATE_UNSAFE_URL' });
      } else if ('html' in result) {
        expect(between(result.html, before, after)).not.toMatch(DANGEROUS);
      } else {
        expect(result.code).toBe('KN_ERR_TEMPLATE_UNSAFE_URL');
      }
    },
  );
});

test('the payload table is large enough to mean something', () => {
  expect(PAYLOADS.length).toBeGreaterThanOrEqual(25);
  expect(PAYLOADS.filter((p) => p.scriptUrl).length).toBeGreaterThanOrEqual(10);
});

describe('URL values split across slots are checked whole', () => {
  test('an empty first part does not let a script URL through the second', () => {
    const base = '';
    const path = 'javascript:alert(1)';
    expect(attempt(() => html`<a href="${base}${path}">x</a>`)).toEqual({
      code: 'KN_ERR_TEMPLATE_UNSAFE_URL',
    });
  });

  test('a scheme in one slot and the rest after a static colon is refused', () => {
    const scheme = 'javascript';
    const rest = '//%0aalert(1)';
    expect(attempt(() => html`<a href="${scheme}:${rest}">x</a>`)).toEqual({
      code: 'KN_ERR_TEMPLATE_UNSAFE_URL',
    });
    expect(attempt(() => html`<iframe src="data:${'text/html,<b>'}"></iframe>`)).toEqual({
      code: 'KN_ERR_TEMPLATE_UNSAFE_URL',
    });
  });

  test('values after a static path or safe scheme are not URL-checked, only escaped', () => {
    expect(renderToString(html`<a href="/search?q=${'javascript:x'}">x</a>`)).toBe(
      '<a href="/search?q=javascript:x">x</a>',
    );
    expect(renderToString(html`<a href="https://${'example.com'}/${'a b'}">x</a>`)).toBe(
      '<a href="https://example.com/a b">x</a>',
    );
  });

  test('ordinary URLs in several parts render joined', () => {
    expect(renderToString(html`<a href="${'https://x.org'}${'/a?b=1&c=2'}">x</a>`)).toBe(
      '<a href="https://x.org/a?b=1&amp;c=2">x</a>',
    );
  });

  test('raw() is trusted in a URL, as everywhere', () => {
    expect(renderToString(html`<a href="${raw('javascript:void(0)')}">x</a>`)).toBe(
      '<a href="javascript:void(0)">x</a>',
    );
  });
});

describe('escapeHtml and isScriptUrl', () => {
  test('escapeHtml escapes the five HTML specials and nothing else', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    expect(escapeHtml('plain text, ünïcödé 😀')).toBe('plain text, ünïcödé 😀');
  });

  test('isScriptUrl accepts ordinary URLs', () => {
    for (const url of [
      'https://example.com',
      '/relative/path',
      'mailto:a@b.c',
      '#top',
      'data:image/png;base64,AAAA',
      'javascript-guide.html',
      '?q=javascript:',
    ]) {
      expect(isScriptUrl(url), url).toBe(false);
    }
  });

  test('isScriptUrl catches entity-encoded upper-case schemes', () => {
    expect(isScriptUrl('&#74;avascript:alert(1)')).toBe(true);
    expect(isScriptUrl('&#X4A;AVASCRIPT&COLON;alert(1)')).toBe(true);
  });
});
