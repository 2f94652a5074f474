// biome-ignore-all lint/suspicious/noTemplateCurlyInString: expected outputs are template-literal source
import * as core from '@kinetic/core';
import * as jsxDevRuntime from '@kinetic/core/jsx-dev-runtime';
import * as jsxRuntime from '@kinetic/core/jsx-runtime';
import { html, type RenderedNode, renderToString } from '@kinetic/diff';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
import { evaluateTsx } from '../test/load-tsx.js';
import { compileJsx, kineticJsx, kineticJsxEsbuild } from './index.js';

const modules = {
  '@kinetic/core': core,
  '@kinetic/core/jsx-runtime': jsxRuntime,
  '@kinetic/core/jsx-dev-runtime': jsxDevRuntime,
};
type View = (props: never) => RenderedNode;

/** The HTML a JSX expression renders, compiled and through the automatic runtime. */
async function renders(jsx: string, props: object = {}) {
  const source = `export const view = (p: any) => (${jsx});`;
  const out: string[] = [];
  for (const how of ['compiled', 'fallback'] as const) {
    const { view } = await evaluateTsx(source, how, modules);
    out.push(renderToString((view as View)(props as never)));
  }
  return out;
}

describe('text and attribute strings read as JSX reads them', () => {
  it.each([
    ['text on one line keeps its spaces', '<p>  a  b  </p>', '<p>  a  b  </p>'],
    ['lines are trimmed and joined by one space', '<p>\n  one\n\n   two  \n</p>', '<p>one two</p>'],
    ['explicit spaces survive', "<p>\n  a{' '}\n  <b>b</b>\n</p>", '<p>a <b>b</b></p>'],
    [
      'entities are decoded, then escaped',
      '<p>&lt;b&gt; &amp; &#169; &#x263a; &nbsp;!</p>',
      '<p>&lt;b&gt; &amp; © ☺ \u00a0!</p>',
    ],
    [
      'quotes and ampersands in text are escaped',
      `<p>"Tom" & 'Jerry'</p>`,
      '<p>&quot;Tom&quot; &amp; &#39;Jerry&#39;</p>',
    ],
    [
      'template-literal characters are plain text',
      '<p>C:\\dir `cmd` $5 ${"{"}x{"}"}</p>',
      '<p>C:\\dir `cmd` $5 ${x}</p>',
    ],
    ['a string expression is escaped', `<p>{'<b>'}</p>`, '<p>&lt;b&gt;</p>'],
    [
      'attribute strings are decoded and escaped',
      `<p title='a "b" &amp; <c>'>x</p>`,
      '<p title="a &quot;b&quot; &amp; &lt;c&gt;">x</p>',
    ],
    [
      'className and htmlFor are class and for',
      '<label className="c" htmlFor="f">x</label>',
      '<label class="c" for="f">x</label>',
    ],
    [
      'a self-closed element is closed, a void one is not',
      '<div><span /><br /></div>',
      '<div><span></span><br></div>',
    ],
    ['fragments add nothing', '<><i>a</i><>b</></>', '<i>a</i>b'],
    [
      'false, null and undefined render nothing; 0 renders',
      '<p>{false}{null}{undefined}{0}</p>',
      '<p>0</p>',
    ],
  ])('%s', async (_what, jsx, expected) => {
    expect(await renders(jsx)).toEqual([expected, expected]);
  });
});

describe('the compile step', () => {
  it('writes an html tagged template per JSX expression; other code is untouched', () => {
    const source = [
      '/** @jsxImportSource @kinetic/core */',
      'const n: number = 1;',
      'export const v = () => <p class="x">{n}</p>;',
    ].join('\n');
    const code = compileJsx(source, '/app/v.tsx')?.code ?? '';
    expect(code).toContain('const n: number = 1;');
    expect(code).toContain('export const v = () => __kinetic_jsx.html`<p class="x">${n}</p>`;');
    expect(code).toContain('import * as __kinetic_jsx from "@kinetic/core/jsx-runtime";');
  });

  it('each call site has one frozen statics array, reused by every render, as html has', async () => {
    const { view } = await evaluateTsx(
      'export const view = (p: any) => <p>{p.n}</p>;',
      'compiled',
      modules,
    );
    const [first, second] = [(view as View)({ n: 1 } as never), (view as View)({ n: 2 } as never)];
    expect(first.t).toBe(second.t);
    expect(first.t.fp).toBe(html`<p>${1}</p>`.t.fp);
  });

  it('keeps every line of the source where it was, so stack traces name .tsx lines', () => {
    const source = [
      'export const v = (rows: string[]) => (',
      '  <ul>',
      '    {rows.map((r) => (',
      '      <li>{r}</li>',
      '    ))}',
      '  </ul>',
      ');',
      'export const marker = new Error().stack;',
    ].join('\n');
    const lines = (compileJsx(source, '/app/v.tsx')?.code ?? '').split('\n');
    expect(lines[7]).toBe('export const marker = new Error().stack;');
  });

  it('maps the output back to the .tsx source', () => {
    const source = 'const a = 1;\n\nexport const v = () => <p>{a}</p>;\n';
    const result = compileJsx(source, '/app/v.tsx');
    expect(result?.map.sources).toEqual(['/app/v.tsx']);
    expect(result?.map.sourcesContent).toEqual([source]);
    // Line 3 of the output maps to line 3 of the source.
    expect(result?.map.mappings.split(';')[2]).not.toBe('');
  });

  it('leaves files alone that have no JSX or name another JSX library', () => {
    expect(compileJsx('export const a = 1 < 2;', '/app/a.tsx')).toBeUndefined();
    const react = '/** @jsxImportSource react */\nexport const v = <p />;';
    expect(compileJsx(react, '/app/r.tsx')).toBeUndefined();
    const own = '/** @jsxImportSource @acme/kinetic */\nexport const v = <p />;';
    expect(compileJsx(own, '/app/o.tsx', { importSource: '@acme/kinetic' })?.code).toContain(
      '"@acme/kinetic/jsx-runtime"',
    );
  });

  it('components get their props and children; a component tag must be a function', () => {
    const code = compileJsx('<Card title="a &amp; b" on {...rest}>hi</Card>', '/app/c.tsx')?.code;
    expect(code).toContain(
      '__kinetic_jsx.callComponent(Card, { "title": "a & b", "on": true, ...rest, children: "hi" })',
    );
  });
});

describe('a keyed .map() whose row reads only its item compiles to each()', () => {
  const compiled = (source: string) => compileJsx(source, '/app/rows.tsx')?.code ?? '';

  it.each([
    ['its parameter', '({ rows }) => <ul>{rows.map((r) => <li key={r.id}>{r.name}</li>)}</ul>'],
    [
      'a destructured parameter, typed',
      '({ rows }) => <ul>{rows.map(({ id, name }: Row) => <li key={id}>{name}</li>)}</ul>',
    ],
    [
      'imports, module consts, components and globals',
      '({ rows }) => <ul>{rows.map((r) => <li key={r.id}>{fmt(r.name)}<Badge n={Math.round(r.n)} /></li>)}</ul>',
    ],
    [
      'itself, a recursive component',
      '({ nodes }) => <ul>{nodes.map((n) => <li key={n.id}><Tree nodes={n.children} /></li>)}</ul>',
    ],
  ])('reading %s', (_, view) => {
    const code = compiled(
      `import { fmt } from './fmt.js';\nconst Badge = (p: { n: number }) => <b>{p.n}</b>;\nexport const Tree = ${view};`,
    );
    expect(code).toMatch(
      /__kinetic_rows\((?:rows|nodes), __kinetic_rows0 \?\?= \[\(.+?\) => .+?, \(.+?\) => __kinetic_jsx\.html`<li>/,
    );
    expect(code).toContain('import { each as __kinetic_each } from "@kinetic/core";');
    expect(code).toContain('var __kinetic_rows0;');
  });

  it('numbers its sites, and keeps the lines of the source', () => {
    const source = [
      'export const v = ({ a, b }) => (',
      '  <div>',
      '    {a.map((x) => <p key={x.id}>{x.n}</p>)}',
      '    {b.map((y) => <p key={y.id}>{y.n}</p>)}',
      '  </div>',
      ');',
      'export const marker = 1;',
    ].join('\n');
    const code = compiled(source);
    expect(code).toContain('__kinetic_rows(a, __kinetic_rows0 ??=');
    expect(code).toContain('__kinetic_rows(b, __kinetic_rows1 ??=');
    expect(code.split('\n')[6]).toBe('export const marker = 1;');
  });

  it.each([
    ['the index', '({ rows }) => <ul>{rows.map((r, i) => <li key={r.id}>{i}</li>)}</ul>'],
    [
      'an assign of the render',
      '({ rows, sel }) => <ul>{rows.map((r) => <li key={r.id} class={r.id === sel ? "on" : ""}>{r.name}</li>)}</ul>',
    ],
    [
      'a local of the render',
      '({ rows }) => { const now = Date.now(); return <ul>{rows.map((r) => <li key={r.id}>{now}</li>)}</ul>; }',
    ],
    [
      'a render name, even shadowed inside the row',
      '({ rows, tag }) => <ul>{rows.map((r) => <li key={r.id}>{r.tags.map((tag) => tag)}{tag}</li>)}</ul>',
    ],
    ['a module let', '({ rows }) => <ul>{rows.map((r) => <li key={r.id}>{counter}</li>)}</ul>'],
    [
      'a loop variable at module level',
      'null;\nfor (const x of [1, 2]) views.push(({ rows }) => <ul>{rows.map((r) => <li key={r.id}>{x}</li>)}</ul>)',
    ],
    [
      'this',
      'function (this: { x: number }, rows: Row[]) { return <ul>{rows.map((r) => <li key={r.id}>{this.x}</li>)}</ul>; }',
    ],
    [
      'arguments',
      'function (rows: Row[]) { return <ul>{rows.map((r) => <li key={r.id}>{arguments.length}</li>)}</ul>; }',
    ],
    [
      'a default value',
      '({ rows, d }) => <ul>{rows.map((r = d) => <li key={r.id}>{r.name}</li>)}</ul>',
    ],
    [
      'a block body',
      '({ rows }) => <ul>{rows.map((r) => { return <li key={r.id}>{r.name}</li>; })}</ul>',
    ],
    ['a component row', '({ rows }) => <ul>{rows.map((r) => <Item key={r.id} row={r} />)}</ul>'],
    [
      'optional chaining',
      '({ rows }) => <ul>{rows?.map((r) => <li key={r.id}>{r.name}</li>)}</ul>',
    ],
  ])('not a row reading %s: the rows are rebuilt, as a keyed list', (_, view) => {
    const code = compiled(`let counter = 0;\nexport const v = ${view};`);
    expect(code).not.toContain('__kinetic_rows');
    expect(code).toContain('__kinetic_jsx.keyedList(');
  });

  it('a receiver that is not an array keeps the meaning of its .map()', async () => {
    const { view } = await evaluateTsx(
      'export const view = (p: any) => <ul>{p.rows.map((r: any) => <li key={r.id}>{r.name}</li>)}</ul>;',
      'compiled',
      modules,
    );
    const rows = [
      { id: 1, name: 'Ada' },
      { id: 2, name: 'Grace' },
    ];
    const mapOnly = { map: (f: (r: unknown) => unknown) => rows.map(f) };
    expect(renderToString((view as View)({ rows: mapOnly } as never))).toBe(
      '<ul><li>Ada</li><li>Grace</li></ul>',
    );
    expect(renderToString((view as View)({ rows } as never))).toBe(
      '<ul><li>Ada</li><li>Grace</li></ul>',
    );
  });
});

describe('the plugins', () => {
  it('the esbuild plugin compiles .tsx files and chains the source map to the .tsx', async () => {
    const { fileURLToPath } = await import('node:url');
    const entry = fileURLToPath(new URL('../test/views.tsx', import.meta.url));
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'esm',
      packages: 'external',
      sourcemap: 'external',
      outfile: '/tmp/kinetic-jsx-out.js',
      plugins: [kineticJsxEsbuild()],
    });
    const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
    const map = JSON.parse(result.outputFiles.find((f) => f.path.endsWith('.map'))?.text ?? '{}');
    expect(js).toContain(
      'html`<button type="button" lv-click="inc">Clicked ${count} times</button>`',
    );
    expect(js).not.toContain('jsx(');
    expect(map.sources.some((s: string) => s.endsWith('views.tsx'))).toBe(true);
  });

  it('the Vite plugin transforms included .tsx ids (queries ignored) and nothing else', () => {
    const plugin = kineticJsx();
    expect(plugin.enforce).toBe('pre');
    expect(plugin.transform('export const v = <p />;', '/app/v.tsx?import')?.code).toContain(
      'html`<p></p>`',
    );
    expect(plugin.transform('export const v = 1 < 2;', '/app/v.ts')).toBeUndefined();
    expect(plugin.transform('export const v = <p />;', '/n/node_modules/x/v.tsx')).toBeUndefined();
  });
});
