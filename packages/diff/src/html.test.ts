import { describe, expect, test } from 'vitest';
import { attrs, each, html, KineticDiffError, raw, renderToString } from './index.js';

const render = (node: ReturnType<typeof html>) => renderToString(node);

/** The error code a call throws, or 'no error'. */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof KineticDiffError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('values in text positions', () => {
  const p = (value: unknown) => render(html`<p>${value}</p>`);

  test('strings are escaped', () => {
    expect(p('Tom & Jerry <3')).toBe('<p>Tom &amp; Jerry &lt;3</p>');
    expect(p(`"quoted" 'single'`)).toBe('<p>&quot;quoted&quot; &#39;single&#39;</p>');
    expect(p('')).toBe('<p></p>');
  });

  test('numbers and bigints render as their decimal text', () => {
    expect(p(42)).toBe('<p>42</p>');
    expect(p(-1.5)).toBe('<p>-1.5</p>');
    expect(p(0)).toBe('<p>0</p>');
    expect(p(12345678901234567890n)).toBe('<p>12345678901234567890</p>');
  });

  test('booleans, null and undefined render nothing', () => {
    expect(p(true)).toBe('<p></p>');
    expect(p(false)).toBe('<p></p>');
    expect(p(null)).toBe('<p></p>');
    expect(p(undefined)).toBe('<p></p>');
  });

  test('a nested template renders in place, its values escaped for their own context', () => {
    const badge = (n: number) => html`<span class="badge">${n}</span>`;
    expect(render(html`<h1>Inbox ${badge(3)}</h1>`)).toBe(
      '<h1>Inbox <span class="badge">3</span></h1>',
    );
    const inner = html`<i title="${'a"b'}">${'<x>'}</i>`;
    expect(render(html`<b>${inner}</b>`)).toBe('<b><i title="a&quot;b">&lt;x&gt;</i></b>');
  });

  test('an array of templates renders each in order (a comprehension)', () => {
    const groceries = ['milk', 'eggs', 'tea & cake'];
    const out = render(html`<ul>${groceries.map((g) => html`<li>${g}</li>`)}</ul>`);
    expect(out).toBe('<ul><li>milk</li><li>eggs</li><li>tea &amp; cake</li></ul>');
    expect(render(html`<ul>${[]}</ul>`)).toBe('<ul></ul>');
  });

  test('an array of strings renders each escaped, without separators', () => {
    expect(p(['a', '<b>', 'c'])).toBe('<p>a&lt;b&gt;c</p>');
    expect(p(['x', 1, null, html`<br>`])).toBe('<p>x1<br></p>');
  });

  test('each() renders a keyed list in order', () => {
    const rows = [
      { id: 7, name: 'Ada' },
      { id: 3, name: 'Linus <3' },
    ];
    const row = (r: { id: number; name: string }) =>
      html`<tr id="u${r.id}"><td>${r.name}</td></tr>`;
    const out = render(html`<table>${each(rows, (r) => r.id, row)}</table>`);
    expect(out).toBe(
      '<table><tr id="u7"><td>Ada</td></tr><tr id="u3"><td>Linus &lt;3</td></tr></table>',
    );
  });

  test('each() rows may be plain text, escaped', () => {
    const out = render(
      html`<p>${each(
        ['<a>', 'b'],
        (s) => s,
        (s) => s,
      )}</p>`,
    );
    expect(out).toBe('<p>&lt;a&gt;b</p>');
  });

  test('raw() is inserted without escaping', () => {
    expect(p(raw('<em>trusted</em>'))).toBe('<p><em>trusted</em></p>');
  });

  test('functions, plain objects and symbols are refused with KN_ERR_TEMPLATE_BAD_VALUE', () => {
    expect(codeOf(() => p(() => 1))).toBe('KN_ERR_TEMPLATE_BAD_VALUE');
    expect(codeOf(() => p({ name: 'x' }))).toBe('KN_ERR_TEMPLATE_BAD_VALUE');
    expect(codeOf(() => p(Symbol('s')))).toBe('KN_ERR_TEMPLATE_BAD_VALUE');
  });

  test('an object that mimics a rendered node (say, from JSON) is refused, not rendered raw', () => {
    const forged = JSON.parse(
      '{"kind":"node","t":{"fp":"x","statics":["<img src=x onerror=alert(1)>"]},"d":[]}',
    );
    expect(codeOf(() => p(forged))).toBe('KN_ERR_TEMPLATE_BAD_VALUE');
    expect(codeOf(() => p([forged]))).toBe('KN_ERR_TEMPLATE_BAD_VALUE');
    const forgedList = { kind: 'list', items: [forged] };
    expect(codeOf(() => p(forgedList))).toBe('KN_ERR_TEMPLATE_BAD_VALUE');
    const forgedKeyed = { kind: 'keyed', keys: ['a'], rows: [forged] };
    expect(codeOf(() => p(forgedKeyed))).toBe('KN_ERR_TEMPLATE_BAD_VALUE');
    expect(
      codeOf(() =>
        each(
          [1],
          (n) => n,
          () => forged,
        ),
      ),
    ).toBe('KN_ERR_TEMPLATE_BAD_VALUE');
  });

  test('a comment slot escapes its text so it cannot close the comment', () => {
    expect(render(html`<!-- ${'--><b>x</b>'} -->`)).toBe('<!-- --&gt;&lt;b&gt;x&lt;/b&gt; -->');
  });
});

describe('values in attributes', () => {
  test('parts of a quoted value are escaped and joined with the static parts', () => {
    const size = 'big"';
    const tone = "it's";
    expect(render(html`<div class="card ${size} tone-${tone}"></div>`)).toBe(
      '<div class="card big&quot; tone-it&#39;s"></div>',
    );
    expect(render(html`<div title='${'a\'b"c'}'></div>`)).toBe(
      `<div title='a&#39;b&quot;c'></div>`,
    );
    expect(render(html`<input value="${3}" data-x="${null}">`)).toBe('<input value="3" data-x="">');
  });

  test('a whole unquoted attribute: false/null/undefined drop it, true makes it bare', () => {
    const button = (disabled: unknown) => render(html`<button disabled=${disabled}>Go</button>`);
    expect(button(false)).toBe('<button>Go</button>');
    expect(button(null)).toBe('<button>Go</button>');
    expect(button(undefined)).toBe('<button>Go</button>');
    expect(button(true)).toBe('<button disabled>Go</button>');
  });

  test('a whole attribute with a string or number value is quoted and escaped', () => {
    const input = (value: unknown) => render(html`<input type="text" value=${value} />`);
    expect(input('say "hi" & <bye>')).toBe(
      '<input type="text" value="say &quot;hi&quot; &amp; &lt;bye&gt;" />',
    );
    expect(input(42)).toBe('<input type="text" value="42" />');
    expect(input("it's")).toBe('<input type="text" value="it&#39;s" />');
  });

  test('a whole attribute may be the last one before >', () => {
    expect(render(html`<details open=${true}></details>`)).toBe('<details open></details>');
    expect(render(html`<details open=${false}></details>`)).toBe('<details></details>');
  });

  test('attrs({...}) in the attribute list of a tag', () => {
    const out = render(
      html`<input ${attrs({ disabled: true, placeholder: 'Name "x"', hidden: false, tabindex: 3, title: null })}>`,
    );
    expect(out).toBe('<input disabled placeholder="Name &quot;x&quot;" tabindex="3">');
    expect(render(html`<div ${null}></div>`)).toBe('<div></div>');
  });

  test('attrs({...}) refuses event handlers, srcdoc and bad names; checks URLs', () => {
    expect(codeOf(() => html`<div ${attrs({ onclick: 'x()' })}></div>`)).toBe(
      'KN_ERR_TEMPLATE_BAD_VALUE',
    );
    expect(codeOf(() => html`<div ${attrs({ OnLoad: 'x()' })}></div>`)).toBe(
      'KN_ERR_TEMPLATE_BAD_VALUE',
    );
    expect(codeOf(() => html`<iframe ${attrs({ srcdoc: '<p>' })}></iframe>`)).toBe(
      'KN_ERR_TEMPLATE_BAD_VALUE',
    );
    expect(codeOf(() => html`<div ${attrs({ 'a"b': 1 })}></div>`)).toBe(
      'KN_ERR_TEMPLATE_BAD_VALUE',
    );
    expect(codeOf(() => html`<a ${attrs({ href: 'javascript:alert(1)' })}></a>`)).toBe(
      'KN_ERR_TEMPLATE_UNSAFE_URL',
    );
    expect(render(html`<a ${attrs({ href: '/home' })}></a>`)).toBe('<a href="/home"></a>');
  });

  test('the attribute list of a tag takes only attrs(), raw() or nothing', () => {
    expect(codeOf(() => html`<div ${'class="x"'}></div>`)).toBe('KN_ERR_TEMPLATE_BAD_VALUE');
    expect(render(html`<div ${raw('data-a="1" ')}></div>`)).toBe('<div data-a="1"></div>');
  });

  test('templates and arrays are refused as attribute values', () => {
    expect(codeOf(() => html`<div title="${html`<b></b>`}"></div>`)).toBe(
      'KN_ERR_TEMPLATE_BAD_VALUE',
    );
    expect(codeOf(() => html`<div title=${['a']}></div>`)).toBe('KN_ERR_TEMPLATE_BAD_VALUE');
  });
});
