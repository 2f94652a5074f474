import { describe, expect, test } from 'vitest';
import { attrs, html, KineticDiffError, raw, renderToString } from './index.js';

/** Renders, or returns the code of the KineticDiffError thrown. */
function attempt(fn: () => ReturnType<typeof html>): string {
  try {
    return renderToString(fn());
  } catch (error) {
    if (error instanceof KineticDiffError) return error.code;
    throw error;
  }
}

const UNSAFE_URL = 'KN_ERR_TEMPLATE_UNSAFE_URL';

/** Script URLs in the spellings the URL check already sees through. */
const SCRIPT_URLS = [
  'javascript:alert(1)',
  'JavaScript:alert(1)',
  ' \u0001javascript:alert(1)',
  'java\tscript:alert(1)',
  '&#106;avascript:alert(1)',
  '&#x4A;AVASCRIPT&colon;alert(1)',
  'data:text/html,<script>alert(1)</script>',
];

describe('SVG animation values can set an href, so they are checked as URLs', () => {
  test.each(SCRIPT_URLS)('<set to="%s"> is refused', (url) => {
    expect(attempt(() => html`<svg><a><set attributeName="href" to="${url}"/></a></svg>`)).toBe(
      UNSAFE_URL,
    );
    expect(attempt(() => html`<svg><a><set attributeName="href" to=${url} /></a></svg>`)).toBe(
      UNSAFE_URL,
    );
  });

  test.each(SCRIPT_URLS)('from, by and to on <animate> refuse %s', (url) => {
    expect(attempt(() => html`<animate attributeName="href" from="${url}" to="/b"/>`)).toBe(
      UNSAFE_URL,
    );
    expect(attempt(() => html`<animate attributeName="href" by="${url}"/>`)).toBe(UNSAFE_URL);
    expect(attempt(() => html`<animateTransform from="${url}"/>`)).toBe(UNSAFE_URL);
    expect(attempt(() => html`<animateMotion to=${url} />`)).toBe(UNSAFE_URL);
  });

  test('element names match in any case', () => {
    const url = 'JavaScript:alert(1)';
    expect(attempt(() => html`<SET attributeName="href" TO="${url}"/>`)).toBe(UNSAFE_URL);
    expect(attempt(() => html`<AnimateMotion values="${url}"/>`)).toBe(UNSAFE_URL);
  });

  test('a javascript: entry among safe ones in values is refused', () => {
    const values = '/a.svg;javascript:alert(1);/b.svg';
    expect(attempt(() => html`<animate attributeName="href" values="${values}"/>`)).toBe(
      UNSAFE_URL,
    );
    expect(attempt(() => html`<animate attributeName="href" values=${values} />`)).toBe(UNSAFE_URL);
    expect(attempt(() => html`<animate values="/a.svg; ${'JavaScript:alert(1)'}"/>`)).toBe(
      UNSAFE_URL,
    );
  });

  test('each entry is checked: a safe first entry does not vouch for the rest', () => {
    // For href="/a${x}" the static path fixes the scheme; in a list, every entry starts anew.
    expect(attempt(() => html`<animate values="/a.svg;${'javascript:alert(1)'}"/>`)).toBe(
      UNSAFE_URL,
    );
    // The browser decodes &#59; in the statics to ; before it splits the list.
    expect(attempt(() => html`<animate values="/a.svg&#59;${'javascript:alert(1)'}"/>`)).toBe(
      UNSAFE_URL,
    );
    expect(attempt(() => html`<animate values="${'/a'};${'&#106;avascript:alert(1)'}"/>`)).toBe(
      UNSAFE_URL,
    );
  });

  test('a script URL in the statics before a slot is refused when the template is parsed', () => {
    expect(attempt(() => html`<set to="javascript:${'alert(1)'}"/>`)).toBe(
      'KN_ERR_TEMPLATE_UNSAFE_SLOT',
    );
    expect(attempt(() => html`<animate values="0;javascript:${'alert(1)'}"/>`)).toBe(
      'KN_ERR_TEMPLATE_UNSAFE_SLOT',
    );
  });

  test('attrs({...}) on an animation element checks from/to/by/values and refuses attributeName', () => {
    expect(
      attempt(() => html`<set attributeName="href" ${attrs({ to: 'javascript:alert(1)' })}/>`),
    ).toBe(UNSAFE_URL);
    expect(attempt(() => html`<animate ${attrs({ values: '/a;javascript:alert(1)' })}/>`)).toBe(
      UNSAFE_URL,
    );
    expect(attempt(() => html`<set ${attrs({ attributeName: 'href', to: '/x' })}/>`)).toBe(
      'KN_ERR_TEMPLATE_BAD_VALUE',
    );
  });

  test('ordinary animation values render unchanged', () => {
    expect(
      attempt(
        () =>
          html`<svg><a href="/"><set attributeName="href" to="${'/next'}" begin="click"/></a></svg>`,
      ),
    ).toBe('<svg><a href="/"><set attributeName="href" to="/next" begin="click"/></a></svg>');
    expect(
      attempt(() => html`<animate attributeName="opacity" values="${'0;0.5;1'}" dur="1s"/>`),
    ).toBe('<animate attributeName="opacity" values="0;0.5;1" dur="1s"/>');
    expect(
      attempt(
        () => html`<animate attributeName="href" values="/a.svg;${'https://x.org/b.svg'};/c.svg"/>`,
      ),
    ).toBe('<animate attributeName="href" values="/a.svg;https://x.org/b.svg;/c.svg"/>');
    expect(
      attempt(() => html`<animateTransform type="rotate" from=${'0 5 5'} to=${360} by="${10}"/>`),
    ).toBe('<animateTransform type="rotate" from="0 5 5" to="360" by="10"/>');
  });

  test('from/to/by/values on other elements are plain attributes', () => {
    expect(attempt(() => html`<data-range to="${'javascript:x'}"></data-range>`)).toBe(
      '<data-range to="javascript:x"></data-range>',
    );
  });

  test('raw() is trusted in animation values, as everywhere', () => {
    expect(attempt(() => html`<set to="${raw('javascript:void(0)')}"/>`)).toBe(
      '<set to="javascript:void(0)"/>',
    );
  });
});
