import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { html, KineticDiffError, parseTemplate, renderToString } from './index.js';

const THIS_FILE = fileURLToPath(import.meta.url);

/** The error a call throws (failing the test when it throws nothing). */
function errorOf(fn: () => unknown): KineticDiffError {
  try {
    fn();
  } catch (error) {
    if (error instanceof KineticDiffError) return error;
    throw error;
  }
  throw new Error('expected a KineticDiffError, got none');
}

describe('dynamic values where they could run script or reshape markup are refused', () => {
  const x = 'value';
  const refused: ReadonlyArray<[string, () => unknown]> = [
    ['a tag name', () => html`<${x}>hi</${x}>`],
    ['a closing tag name', () => html`<div></${x}>`],
    ['a tag name after its first letters', () => html`<h${x}>hi</h1>`],
    ['the body of <script>', () => html`<script>${x}</script>`],
    ['a string inside <script>', () => html`<script>const a = "${x}";</script>`],
    ['the body of <style>', () => html`<style>${x}</style>`],
    ['<SCRIPT> in capitals', () => html`<SCRIPT type="module">${x}</SCRIPT>`],
    ['a quoted event handler', () => html`<button onclick="${x}">go</button>`],
    ['part of a quoted event handler', () => html`<button onClick="go(${x})">go</button>`],
    ['an unquoted event handler', () => html`<img onerror=${x}>`],
    ['an attribute name', () => html`<div data-${x}="1"></div>`],
    ['a whole attribute name', () => html`<div ${x}="1"></div>`],
    ['an unquoted value after static text', () => html`<div class=a${x}></div>`],
    ['an unquoted value before static text', () => html`<div class=${x}b></div>`],
    ['a quoted srcdoc', () => html`<iframe srcdoc="${x}"></iframe>`],
    ['an unquoted srcdoc', () => html`<iframe srcdoc=${x}></iframe>`],
    ['a static javascript: URL', () => html`<a href="javascript:${x}">x</a>`],
    ['the attributeName of <set>', () => html`<svg><set attributeName="${x}" to="/next"/></svg>`],
    ['an unquoted attributeName of <animate>', () => html`<animate attributeName=${x} />`],
    ['the attributeName of <ANIMATEMOTION>', () => html`<ANIMATEMOTION ATTRIBUTENAME="${x}"/>`],
    [
      'part of the attributeName of <animateTransform>',
      () => html`<animateTransform attributeName="x${x}"/>`,
    ],
  ];

  test.each(refused)('in %s: KN_ERR_TEMPLATE_UNSAFE_SLOT naming this file', (_, build) => {
    const error = errorOf(build);
    expect(error.code).toBe('KN_ERR_TEMPLATE_UNSAFE_SLOT');
    expect(error.message).toContain(THIS_FILE);
    expect(error.message).toMatch(/template\.test\.ts:\d+:\d+/);
  });

  test('the same template refuses on every call, not only the first', () => {
    const build = () => html`<div onclick="${x}"></div>`;
    expect(errorOf(build).code).toBe('KN_ERR_TEMPLATE_UNSAFE_SLOT');
    expect(errorOf(build).code).toBe('KN_ERR_TEMPLATE_UNSAFE_SLOT');
  });

  test('attributeName is an ordinary attribute outside animation elements', () => {
    expect(renderToString(html`<div attributeName="${x}"></div>`)).toBe(
      '<div attributeName="value"></div>',
    );
  });

  test('the neighbouring safe positions are accepted', () => {
    expect(renderToString(html`<script src="/app.js"></script><p>${x}</p>`)).toBe(
      '<script src="/app.js"></script><p>value</p>',
    );
    expect(renderToString(html`<style>p{}</style><b class="${x}">${x}</b>`)).toBe(
      '<style>p{}</style><b class="value">value</b>',
    );
    expect(renderToString(html`<div data-one="${x}" data-two=${x}></div>`)).toBe(
      '<div data-one="value" data-two="value"></div>',
    );
    expect(renderToString(html`<p>1 < ${x} > 0</p>`)).toBe('<p>1 < value > 0</p>');
  });

  test('bad values name the template that received them', () => {
    const error = errorOf(() => html`<p>${() => 1}</p>`);
    expect(error.code).toBe('KN_ERR_TEMPLATE_BAD_VALUE');
    expect(error.message).toContain(THIS_FILE);
  });
});

describe('fingerprints', () => {
  const first = (n: number) => html`<li class="item">${n}</li>`;
  const second = (n: number) => html`<li class="item">${n}</li>`;
  const other = (n: number) => html`<li class="other">${n}</li>`;

  test('the same statics get the same fingerprint, on every render and from any call site', () => {
    expect(first(1).t.fp).toBe(first(2).t.fp);
    expect(first(1).t.fp).toBe(second(1).t.fp);
    expect(parseTemplate(['<li class="item">', '</li>']).fp).toBe(first(1).t.fp);
    expect(first(1).t.fp).toMatch(/^[0-9a-z_]+$/);
  });

  test('different statics get different fingerprints', () => {
    expect(other(1).t.fp).not.toBe(first(1).t.fp);
    expect(parseTemplate(['<li class="item">', '', '</li>']).fp).not.toBe(first(1).t.fp);
    expect(parseTemplate(['<a>', 'b</a>']).fp).not.toBe(parseTemplate(['<a>b', '</a>']).fp);
  });

  test('fingerprints are a function of the statics alone', () => {
    const statics = ['<section id="s">', '<footer>', '</footer></section>'];
    expect(parseTemplate(statics).fp).toBe(parseTemplate([...statics]).fp);
  });
});

describe('statics', () => {
  test('a whole attribute moves its name into the dynamic', () => {
    const t = html`<button class="b" disabled=${true}>go</button>`.t;
    expect(t.statics).toEqual(['<button class="b"', '>go</button>']);
  });

  test('slots are classified by where they sit', () => {
    const t = parseTemplate(['<a href="', '" ', ' hidden=', '><!-- ', ' -->', '</a>']);
    expect(t.slots.map((s) => s.kind)).toEqual(['attr', 'tag', 'attribute', 'comment', 'text']);
  });
});
