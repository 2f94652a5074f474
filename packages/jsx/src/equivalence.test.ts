import { fileURLToPath } from 'node:url';
import * as core from '@kinetic/core';
import * as jsxDevRuntime from '@kinetic/core/jsx-dev-runtime';
import * as jsxRuntime from '@kinetic/core/jsx-runtime';
import {
  attrs,
  diff,
  each,
  encodePatch,
  encodeTree,
  html,
  type RenderedKeyed,
  type RenderedNode,
  raw,
  renderToString,
} from '@kinetic/diff';
import { beforeAll, describe, expect, it } from 'vitest';
import { type JsxPath, loadTsx } from '../test/load-tsx.js';

const VIEWS = fileURLToPath(new URL('../test/views.tsx', import.meta.url));
const modules = {
  '@kinetic/core': core,
  '@kinetic/core/jsx-runtime': jsxRuntime,
  '@kinetic/core/jsx-dev-runtime': jsxDevRuntime,
};

type View = (assigns: never) => RenderedNode;
type Row = { id: number; name: string };

const card = ({ title, children }: { title: string; children?: RenderedNode }) =>
  html`<section class="card"><h2>${title}</h2>${children}</section>`;
const tableRow = (row: Row) => html`<tr lv-value-id=${row.id}><td>${row.name}</td></tr>`;
const article = (item: Row) =>
  html`<article id=${`item-${item.id}`}>${card({ title: item.name })}</article>`;

const [a, b, c, d] = [
  { id: 1, name: 'Ada' },
  { id: 2, name: 'Grace' },
  { id: 3, name: 'Edsger' },
  { id: 4, name: 'Barbara <3' },
];

/** The same view in html and in JSX (test/views.tsx), and the assigns it goes through. */
const PAIRS: Record<string, { html: View; states: readonly object[] }> = {
  text: {
    html: (({ count }: { count: number }) =>
      html`<button type="button" lv-click="inc">Clicked ${count} times</button>`) as View,
    states: [{ count: 0 }, { count: 1 }, { count: 2 }, { count: 2 }],
  },
  escaping: {
    html: (({ name }: { name: string }) =>
      html`<p title="Tom &amp; Jerry&#39;s">Hello, ${name}! © 2026</p>`) as View,
    states: [{ name: 'Ada' }, { name: '<script>alert(1)</script>' }, { name: `"'&` }],
  },
  attributes: {
    html: (({ url, title }: { url: string; title: string | null }) =>
      html`<a href=${url} class="link" title=${title} lv-patch>go</a>`) as View,
    states: [
      { url: '/a?x=1&y=2', title: 'A' },
      { url: '/b', title: null },
      { url: 'https://example.com/"q"', title: '"quoted"' },
    ],
  },
  'whole attributes': {
    html: (({ on, busy }: { on: boolean; busy: boolean }) =>
      html`<form lv-change="toggle"><input type="checkbox" name="on" checked=${on} disabled=${busy}><button type="submit" class=${busy ? 'busy' : undefined} lv-disable-with="Saving…">Save</button></form>`) as View,
    states: [
      { on: false, busy: false },
      { on: true, busy: false },
      { on: true, busy: true },
      { on: false, busy: false },
    ],
  },
  conditionals: {
    html: (({ open, n }: { open: boolean; n: number }) =>
      html`<div>${open ? html`<p class="open">Open: ${n}</p>` : html`<p>Closed</p>`}${n > 0 && html`<span>${n}</span>`}</div>`) as View,
    states: [
      { open: false, n: 0 },
      { open: true, n: 1 },
      { open: true, n: 2 },
      { open: false, n: 0 },
    ],
  },
  lists: {
    html: (({ items }: { items: string[] }) =>
      html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>`) as View,
    states: [{ items: [] }, { items: ['a'] }, { items: ['a', 'b', 'c'] }, { items: ['c'] }],
  },
  'keyed lists': {
    html: (({ rows }: { rows: Row[] }) =>
      html`<table><tbody>${each(rows, (row) => row.id, tableRow)}</tbody></table>`) as View,
    states: [
      { rows: [] },
      { rows: [a, b, c] },
      { rows: [c, a, b] },
      { rows: [c, { ...a, name: 'Ada L.' }, d] },
      { rows: [] },
    ],
  },
  components: {
    html: (({ title, body }: { title: string; body: string }) =>
      html`<main>${card({ title, children: html`<p>${body}</p>` })}</main>`) as View,
    states: [
      { title: 'One', body: 'first' },
      { title: 'One', body: 'second' },
      { title: 'Two', body: 'second' },
    ],
  },
  'nested content': {
    html: (({ title, items, note }: { title: string; items: Row[]; note: string }) =>
      html`<header><h1>${title}</h1></header><section lv-update="append" id="feed">${each(items, (item) => item.id, article)}<footer>${raw(note)}</footer></section>`) as View,
    states: [
      { title: 'Feed', items: [a], note: '<em>1</em>' },
      { title: 'Feed', items: [a, b], note: '<em>2</em>' },
      { title: 'News', items: [b, a], note: '<em>2</em>' },
    ],
  },
  'JS commands': {
    html: (({ likes }: { likes: number }) =>
      html`<button type="button" lv-click=${core.JS.push('like', { optimistic: core.JS.setText(String(likes + 1), { to: '#likes' }) })} lv-optimistic=${core.JS.addClass('busy')}>like</button><span id="likes">${likes}</span>`) as View,
    states: [{ likes: 0 }, { likes: 1 }, { likes: 1 }],
  },
  spread: {
    html: (({ extra }: { extra: Record<string, unknown> }) =>
      html`<input type="text" ${attrs(extra)}>`) as View,
    states: [
      { extra: { placeholder: 'Name', required: true } },
      { extra: { placeholder: 'Name', required: false } },
      { extra: { placeholder: 'Other "one"', maxlength: 3 } },
    ],
  },
};

/**
 * Keyed lists whose rows read more than their item, over the same row objects: the compiler
 * must not memoize them (a memoized row would keep its old HTML).
 */
const UNMEMOIZED: Record<string, { html: View; states: readonly object[] }> = {
  'keyed rows reading the assigns': {
    html: (({ rows, selected }: { rows: Row[]; selected: number }) =>
      html`<ul>${each(
        rows,
        (row) => row.id,
        (row) => html`<li class=${row.id === selected ? 'on' : undefined}>${row.name}</li>`,
      )}</ul>`) as View,
    states: [
      { rows: [a, b, c], selected: 1 },
      { rows: [a, b, c], selected: 2 },
      { rows: [a, b, c], selected: 0 },
    ],
  },
  'keyed rows reading the index': {
    html: (({ rows }: { rows: Row[] }) =>
      html`<ol>${each(
        rows.map((row, i) => [row, i] as const),
        ([row]) => row.id,
        ([row, i]) => html`<li>${i + 1}. ${row.name}</li>`,
      )}</ol>`) as View,
    states: [{ rows: [a, b, c] }, { rows: [c, a, b] }, { rows: [b, c] }],
  },
  'keyed rows reading a module let': {
    html: (({ rows, suffix }: { rows: Row[]; suffix: string }) =>
      html`<ul>${each(
        rows,
        (row) => row.id,
        (row) => html`<li>${row.name}${suffix}</li>`,
      )}</ul>`) as View,
    states: [
      { rows: [a, b], suffix: '' },
      { rows: [a, b], suffix: '!' },
      { rows: [b, a], suffix: '?' },
    ],
  },
};

const NAMES: Record<string, string> = {
  text: 'text',
  escaping: 'escaping',
  attributes: 'attributes',
  'whole attributes': 'wholeAttributes',
  conditionals: 'conditionals',
  lists: 'lists',
  'keyed lists': 'keyed',
  components: 'components',
  'nested content': 'nested',
  spread: 'spread',
  'JS commands': 'commands',
  'keyed rows reading the assigns': 'selected',
  'keyed rows reading the index': 'indexed',
  'keyed rows reading a module let': 'moduleLet',
};

/** The HTML of every state, and the bytes of its first render and of each patch after it. */
function run(view: View, states: readonly object[]) {
  const htmls: string[] = [];
  const wire: string[] = [];
  const sent = new Set<string>();
  let prev: RenderedNode | undefined;
  for (const state of states) {
    const next = view(state as never);
    htmls.push(renderToString(next));
    if (prev === undefined) wire.push(JSON.stringify(encodeTree(next, sent)));
    else {
      const patch = diff(prev, next);
      // An unchanged render has no patch at all.
      wire.push(patch === null ? 'nothing' : JSON.stringify(encodePatch(patch, sent)));
    }
    prev = next;
  }
  return { htmls, wire };
}

const loaded: Partial<Record<JsxPath, Record<string, unknown>>> = {};
beforeAll(async () => {
  loaded.compiled = await loadTsx(VIEWS, 'compiled', modules);
  loaded.fallback = await loadTsx(VIEWS, 'fallback', modules);
  loaded['fallback-dev'] = await loadTsx(VIEWS, 'fallback-dev', modules);
});

const ALL = { ...PAIRS, ...UNMEMOIZED };

describe('a view written in JSX and compiled renders as its html twin', () => {
  for (const [name, pair] of Object.entries(ALL)) {
    it(`${name}: same HTML, byte-identical first render and patches`, () => {
      const jsx = loaded.compiled?.[NAMES[name] as string] as View;
      const expected = run(pair.html, pair.states);
      const actual = run(jsx, pair.states);
      expect(actual.htmls).toEqual(expected.htmls);
      expect(actual.wire).toEqual(expected.wire);
    });
  }
});

describe('a keyed .map() whose row reads only its item is memoized as each() is', () => {
  it('an unchanged item keeps its row node, so the diff skips it with one identity check', () => {
    const jsx = loaded.compiled?.keyed as View;
    const twin = PAIRS['keyed lists']?.html as View;
    // <table><tbody>{rows}</tbody></table> is one template: its first dynamic is the list.
    const rows = (view: View, state: object) => (view(state as never).d[0] as RenderedKeyed).rows;
    for (const view of [jsx, twin]) {
      const [before, after] = [rows(view, { rows: [a, b] }), rows(view, { rows: [{ ...a }, b] })];
      expect(after[1]).toBe(before[1]);
      expect(after[0]).not.toBe(before[0]);
    }
  });

  it('rows that read more than their item are rebuilt at every render', () => {
    const jsx = loaded.compiled?.selected as View;
    const first = jsx({ rows: [a], selected: 1 } as never);
    const second = jsx({ rows: [a], selected: 1 } as never);
    expect((second.d[0] as RenderedKeyed).rows[0]).not.toBe((first.d[0] as RenderedKeyed).rows[0]);
  });
});

describe('a view written in JSX and compiled never uses the fallback', () => {
  it('so kinetic dev has nothing to warn about', () => {
    for (const [name, pair] of Object.entries(ALL)) {
      run(loaded.compiled?.[NAMES[name] as string] as View, pair.states);
    }
    expect(jsxRuntime.renderedWithoutCompileStep()).toBe(false);
  });
});

describe('without the compile step (the automatic runtime), the HTML is the same', () => {
  for (const how of ['fallback', 'fallback-dev'] as const) {
    for (const [name, pair] of Object.entries(ALL)) {
      it(`${how}, ${name}`, () => {
        const jsx = loaded[how]?.[NAMES[name] as string] as View;
        expect(run(jsx, pair.states).htmls).toEqual(run(pair.html, pair.states).htmls);
      });
    }
  }

  it('the patches are larger (every element is its own template), and kinetic dev can tell', () => {
    const bytes = (wire: string[]) => wire.reduce((n, w) => n + w.length, 0);
    let [fallbackTotal, htmlTotal] = [0, 0];
    for (const [name, pair] of Object.entries(PAIRS)) {
      const fallback = bytes(
        run(loaded.fallback?.[NAMES[name] as string] as View, pair.states).wire,
      );
      const twin = bytes(run(pair.html, pair.states).wire);
      expect(fallback).toBeGreaterThanOrEqual(twin);
      fallbackTotal += fallback;
      htmlTotal += twin;
    }
    expect(fallbackTotal).toBeGreaterThan(htmlTotal * 1.2);
    expect(jsxRuntime.renderedWithoutCompileStep()).toBe(true);
  });

  it('a keyed .map() is sent as a keyed list there too', () => {
    const jsx = loaded.fallback?.keyed as View;
    const tree = jsx({ rows: [a, b] } as never);
    const tbody = JSON.stringify(encodeTree(tree).t);
    expect(tbody).toMatch(/"k":\[\["1",.*\["2",/);
  });
});
