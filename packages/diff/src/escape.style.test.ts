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

const UNSAFE_STYLE = 'KN_ERR_TEMPLATE_UNSAFE_STYLE';

/** CSS that runs script, or loads from a scheme other than http(s) or data:image/. */
const UNSAFE_CSS = [
  'background: url(javascript:alert(1))',
  'background: url("JavaScript:alert(1)")',
  "background: url( 'java\tscript:alert(1)' )",
  'background: url(java\\73 cript:alert(1))',
  'background: url(\\6a\\61vascript:alert(1))',
  'background-image: image-set("javascript:alert(1)" 1x)',
  'background: url(vbscript:msgbox(1))',
  'background: url(data:text/html,<script>alert(1)</script>)',
  'background: url(file:///etc/passwd)',
  'width: expression(alert(1))',
  'width: EXPRESSION (alert(1))',
  'width: expr/**/ession(alert(1))',
  'width: expr\\65ssion(alert(1))',
  'behavior: url(/evil.htc)',
  '*behavior: url(/evil.htc)',
  '-moz-binding: url(/evil.xml#x)',
];

/** Ordinary inline styles. */
const SAFE_CSS = [
  'color: red',
  'width: 50%',
  'background: url(/img.png)',
  'background: url(https://x/y.png)',
  "background: url('img/a.png') no-repeat",
  'background: url(data:image/png;base64,AAAA)',
  'scroll-behavior: smooth',
  'font-family: "Helvetica Neue", sans-serif; margin: 0 auto',
];

describe('dynamic style values cannot run script', () => {
  test.each(UNSAFE_CSS)('the CSS %s is refused', (css) => {
    expect(attempt(() => html`<div style="${css}"></div>`)).toBe(UNSAFE_STYLE);
    expect(attempt(() => html`<div style=${css}></div>`)).toBe(UNSAFE_STYLE);
    expect(attempt(() => html`<div ${attrs({ style: css })}></div>`)).toBe(UNSAFE_STYLE);
    expect(attempt(() => html`<svg><rect style="fill: red; ${css}"/></svg>`)).toBe(UNSAFE_STYLE);
  });

  test('the value is checked with its statics: a url( in the statics is followed', () => {
    const bg = (url: string) => attempt(() => html`<div style="background: url(${url})"></div>`);
    expect(bg('javascript:alert(1)')).toBe(UNSAFE_STYLE);
    expect(bg('data:text/html,<b>')).toBe(UNSAFE_STYLE);
    expect(bg('/img.png')).toBe('<div style="background: url(/img.png)"></div>');
    expect(bg('https://x/y.png')).toBe('<div style="background: url(https://x/y.png)"></div>');
  });

  test('unsafe CSS split across slots is refused', () => {
    expect(attempt(() => html`<div style="width: ${'expr'}${'ession(alert(1))'}"></div>`)).toBe(
      UNSAFE_STYLE,
    );
    expect(attempt(() => html`<div style="background: url(${'java'}script:${'x'})"></div>`)).toBe(
      UNSAFE_STYLE,
    );
  });

  test('unsafe CSS in the statics before a slot is refused when the template is parsed', () => {
    expect(attempt(() => html`<div style="background: url(javascript:${'x'})"></div>`)).toBe(
      'KN_ERR_TEMPLATE_UNSAFE_SLOT',
    );
  });

  test.each(SAFE_CSS)('the CSS %s renders unchanged', (css) => {
    const escaped = css.replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    expect(attempt(() => html`<div style="${css}"></div>`)).toBe(`<div style="${escaped}"></div>`);
    expect(attempt(() => html`<div style=${css}></div>`)).toBe(`<div style="${escaped}"></div>`);
  });

  test('a value inside static CSS renders in place (the thermostat bar)', () => {
    const bar = (percent: number) => attempt(() => html`<span style="width: ${percent}%"></span>`);
    expect(bar(50)).toBe('<span style="width: 50%"></span>');
    expect(bar(0)).toBe('<span style="width: 0%"></span>');
  });

  test('a quote cannot close the attribute: it is escaped', () => {
    expect(attempt(() => html`<div style="color: ${'red" onmouseover="alert(1)'}"></div>`)).toBe(
      '<div style="color: red&quot; onmouseover=&quot;alert(1)"></div>',
    );
    expect(attempt(() => html`<div style='color: ${"red' onmouseover='alert(1)"}'></div>`)).toBe(
      `<div style='color: red&#39; onmouseover=&#39;alert(1)'></div>`,
    );
    expect(attempt(() => html`<div style=${'"><script>alert(1)</script>'}></div>`)).toBe(
      '<div style="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"></div>',
    );
  });

  test('raw() is trusted in a style, as everywhere', () => {
    expect(attempt(() => html`<div style="${raw('width: expression(1)')}"></div>`)).toBe(
      '<div style="width: expression(1)"></div>',
    );
  });
});
