import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  applyPatch,
  type DynPatch,
  diff,
  each,
  encodePatch,
  encodeTree,
  html,
  type KeyedPatch,
  KineticDiffError,
  type Patch,
  type RenderedNode,
  renderToString,
  type SlotsPatch,
} from './index.js';

interface Item {
  readonly id: string;
  readonly label: string;
}

// Declared once, outside any render, so each() memoizes rows by item identity.
const row = (item: Item) => html`<li id="${item.id}">${item.label}</li>`;
const list = (items: readonly Item[]) => html`<ul>${each(items, (i) => i.id, row)}</ul>`;

const items = (ids: string) => [...ids].map((id) => ({ id, label: id.toUpperCase() }));
/** The items of `all` in the order of `ids`, same objects. */
const pick = (all: readonly Item[], ids: string) =>
  [...ids].map((id) => all.find((i) => i.id === id) as Item);
const htmlOf = (ids: string) =>
  `<ul>${[...ids].map((id) => `<li id="${id}">${id.toUpperCase()}</li>`).join('')}</ul>`;

/** The patch of the list's only slot, checked to be a keyed patch. */
function keyedPatchOf(patch: Patch): KeyedPatch {
  expect(patch).not.toBeNull();
  const slots = (patch as SlotsPatch).slots;
  expect(slots).toHaveLength(1);
  const [index, change] = slots[0] as readonly [number, DynPatch];
  expect(index).toBe(0);
  expect(typeof change === 'object' && change.kind).toBe('keyedPatch');
  return change as KeyedPatch;
}

/** Diffs two lists, applies the patch, checks the HTML; returns the keyed patch. */
function change(prevItems: readonly Item[], nextItems: readonly Item[], expected: string) {
  const prev = list(prevItems);
  const next = list(nextItems);
  const patch = diff(prev, next);
  const patched = applyPatch(prev, patch);
  expect(renderToString(patched)).toBe(expected);
  expect(renderToString(next)).toBe(expected);
  expect(diff(patched, next)).toBeNull();
  return keyedPatchOf(patch);
}

/** Length of a longest increasing subsequence, by the slow obvious method. */
function lisLength(values: readonly number[]): number {
  const best = values.map(() => 1);
  for (let i = 0; i < values.length; i++) {
    for (let j = 0; j < i; j++) {
      if ((values[j] as number) < (values[i] as number)) {
        best[i] = Math.max(best[i] as number, (best[j] as number) + 1);
      }
    }
  }
  return Math.max(0, ...best);
}

describe('keyed lists travel as operations by key', () => {
  const abc = items('abcd');

  test('insert at the front: one placed row, with its node, after nothing', () => {
    const x = { id: 'x', label: 'X' };
    const p = change(abc, [x, ...abc], htmlOf('xabcd'));
    expect(p.removed).toEqual([]);
    expect(p.updated).toEqual([]);
    expect(p.placed).toHaveLength(1);
    const [key, after, node] = p.placed[0] as readonly [string, string | null, RenderedNode?];
    expect([key, after]).toEqual(['x', null]);
    expect(renderToString(node as RenderedNode)).toBe('<li id="x">X</li>');
  });

  test('insert in the middle: placed after its new predecessor', () => {
    const x = { id: 'x', label: 'X' };
    const p = change(abc, [...pick(abc, 'ab'), x, ...pick(abc, 'cd')], htmlOf('abxcd'));
    expect(p.placed.map(([k, a]) => [k, a])).toEqual([['x', 'b']]);
    expect(p.placed[0]?.[2]).toBeDefined();
    expect(p.removed).toEqual([]);
    expect(p.updated).toEqual([]);
  });

  test('append: placed after the last row', () => {
    const p = change(abc, [...abc, { id: 'e', label: 'E' }], htmlOf('abcde'));
    expect(p.placed.map(([k, a]) => [k, a])).toEqual([['e', 'd']]);
  });

  test('move one to the top: exactly one placed entry, and no node payload', () => {
    const p = change(abc, pick(abc, 'dabc'), htmlOf('dabc'));
    expect(p.placed).toEqual([['d', null]]);
    expect(p.placed[0]).toHaveLength(2);
    expect(p.removed).toEqual([]);
    expect(p.updated).toEqual([]);
  });

  test('move one to the bottom: one placed entry after the old last row', () => {
    const p = change(abc, pick(abc, 'bcda'), htmlOf('bcda'));
    expect(p.placed).toEqual([['a', 'd']]);
    expect(p.removed).toEqual([]);
  });

  test('remove one: only its key travels', () => {
    const p = change(abc, pick(abc, 'acd'), htmlOf('acd'));
    expect(p).toEqual({ kind: 'keyedPatch', removed: ['b'], placed: [], updated: [] });
  });

  test('remove all: every key, and an empty list', () => {
    const p = change(abc, [], '<ul></ul>');
    expect(p).toEqual({
      kind: 'keyedPatch',
      removed: ['a', 'b', 'c', 'd'],
      placed: [],
      updated: [],
    });
  });

  test('fill an empty list: every row placed with its node', () => {
    const p = change([], abc, htmlOf('abcd'));
    expect(p.placed.map(([k, a, n]) => [k, a, n !== undefined])).toEqual([
      ['a', null, true],
      ['b', 'a', true],
      ['c', 'b', true],
      ['d', 'c', true],
    ]);
  });

  test('reverse: all but one row move, none carries a node', () => {
    const all = items('abcdefgh');
    const p = change(all, [...all].reverse(), htmlOf('hgfedcba'));
    expect(p.placed).toHaveLength(7);
    expect(p.placed.every((entry) => entry.length === 2)).toBe(true);
    expect(p.removed).toEqual([]);
    expect(p.updated).toEqual([]);
  });

  test('random shuffle: the fewest moves (rows outside a longest increasing run)', () => {
    const all = items('abcdefghijklmnopqrstuvwxyz');
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 20; round++) {
      const shuffled = [...all];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j] as Item, shuffled[i] as Item];
      }
      const ids = shuffled.map((i) => i.id).join('');
      const p = change(all, shuffled, htmlOf(ids));
      const oldPositions = shuffled.map((item) => all.indexOf(item));
      expect(p.placed).toHaveLength(all.length - lisLength(oldPositions));
      expect(p.placed.every((entry) => entry.length === 2)).toBe(true);
    }
  });

  test('swap two neighbours: one move', () => {
    const p = change(abc, pick(abc, 'acbd'), htmlOf('acbd'));
    expect(p.placed).toHaveLength(1);
    expect(p.placed[0]).toHaveLength(2);
  });

  test('swap two apart: two moves', () => {
    const all = items('abcde');
    const p = change(all, pick(all, 'adcbe'), htmlOf('adcbe'));
    expect(p.placed).toHaveLength(2);
    expect(p.placed.every((entry) => entry.length === 2)).toBe(true);
  });

  test('a changed row (a new object) travels as an update of that row only', () => {
    const next = [...abc];
    next[2] = { id: 'c', label: 'See' };
    const prev = list(abc);
    const patch = diff(prev, list(next));
    const p = keyedPatchOf(patch);
    expect(p).toEqual({
      kind: 'keyedPatch',
      removed: [],
      placed: [],
      updated: [['c', { kind: 'slots', slots: [[1, 'See']] }]],
    });
    expect(renderToString(applyPatch(prev, patch))).toBe(
      '<ul><li id="a">A</li><li id="b">B</li><li id="c">See</li><li id="d">D</li></ul>',
    );
  });

  test('insert, remove, move and update at once', () => {
    const next = [
      { id: 'd', label: 'Dee' },
      ...pick(abc, 'a'),
      { id: 'x', label: 'X' },
      ...pick(abc, 'c'),
    ];
    const p = change(
      abc,
      next,
      '<ul><li id="d">Dee</li><li id="a">A</li><li id="x">X</li><li id="c">C</li></ul>',
    );
    expect(p.removed).toEqual(['b']);
    expect(p.placed.map(([k, a, n]) => [k, a, n !== undefined])).toEqual([
      ['d', null, false],
      ['x', 'a', true],
    ]);
    expect(p.updated).toEqual([['d', { kind: 'slots', slots: [[1, 'Dee']] }]]);
  });

  test('an unchanged list (same item objects) gives no patch and re-renders nothing', () => {
    let renders = 0;
    const counted = (item: Item) => {
      renders++;
      return html`<li>${item.label}</li>`;
    };
    const view = (xs: readonly Item[]) => html`<ul>${each(xs, (i) => i.id, counted)}</ul>`;
    const prev = view(abc);
    expect(renders).toBe(4);
    expect(diff(prev, view(abc))).toBeNull();
    expect(renders).toBe(4);
  });

  test('a repeated key is KN_ERR_TEMPLATE_DUPLICATE_KEY, naming the key and the template', () => {
    const dup = [
      { id: 'a', label: 'A' },
      { id: 'a', label: 'A again' },
    ];
    const attempts = [
      () => diff(list(abc), list(dup)),
      () => diff(list(dup), list(dup)),
      () => encodeTree(list(dup)),
      () => diff(html`<p></p>`, list(dup)),
      () => renderToString(list(dup)),
    ];
    for (const attempt of attempts) {
      let error: unknown;
      try {
        attempt();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(KineticDiffError);
      expect((error as KineticDiffError).code).toBe('KN_ERR_TEMPLATE_DUPLICATE_KEY');
      expect((error as KineticDiffError).message).toContain('"a"');
      expect((error as KineticDiffError).message).toContain(fileURLToPath(import.meta.url));
    }
  });

  test('numeric keys are keys by their text', () => {
    const rows = [{ n: 1 }, { n: 2 }];
    const view = (xs: typeof rows) =>
      html`<ol>${each(
        xs,
        (r) => r.n,
        (r) => r.n,
      )}</ol>`;
    const p = keyedPatchOf(diff(view(rows), view([...rows].reverse())));
    expect(p.placed).toEqual([['2', null]]);
  });
});

describe('diff sends only what changed', () => {
  test('a multi-line template re-rendered with the same values gives no patch', () => {
    const card = (title: string, body: string, tags: readonly string[]) => html`
      <article class="card">
        <h2>${title}</h2>

        <p>${body}</p>
        <ul>
          ${tags.map((t) => html`<li>${t}</li>`)}
        </ul>
      </article>
    `;
    const a = card('Hello', 'World', ['x', 'y']);
    const b = card('Hello', 'World', ['x', 'y']);
    expect(a).not.toBe(b);
    expect(diff(a, b)).toBeNull();
  });

  test('a change to one attribute patches that one dynamic', () => {
    const box = (cls: string, title: string, text: string) =>
      html`<div class="${cls}" title="${title}">${text}</div>`;
    const patch = diff(box('a', 't', 'x'), box('b', 't', 'x'));
    expect(patch).toEqual({ kind: 'slots', slots: [[0, 'b']] });
    expect(JSON.stringify(encodePatch(patch as DynPatch, new Set()).p)).toBe('{"0":"b"}');
  });

  test('a whole-attribute toggle patches that attribute', () => {
    const button = (busy: boolean) => html`<button class="go" disabled=${busy}>Go</button>`;
    const patch = diff(button(false), button(true));
    expect(patch).toEqual({ kind: 'slots', slots: [[0, ' disabled']] });
    expect(renderToString(applyPatch(button(false), patch))).toBe(
      '<button class="go" disabled>Go</button>',
    );
  });

  test('a list shrinking from 5 to 2 items: the right HTML and a patch with length 2', () => {
    const ul = (xs: readonly string[]) => html`<ul>${xs.map((x) => html`<li>${x}</li>`)}</ul>`;
    const prev = ul(['a', 'b', 'c', 'd', 'e']);
    const patch = diff(prev, ul(['a', 'b']));
    expect(patch).toEqual({ kind: 'slots', slots: [[0, { kind: 'slots', length: 2, slots: [] }]] });
    expect(renderToString(applyPatch(prev, patch))).toBe('<ul><li>a</li><li>b</li></ul>');
  });

  test('a list growing sends the new items whole and its length', () => {
    const ul = (xs: readonly string[]) => html`<ul>${xs.map((x) => html`<li>${x}</li>`)}</ul>`;
    const prev = ul(['a']);
    const patch = diff(prev, ul(['z', 'b', 'c']));
    const inner = (patch as SlotsPatch).slots[0]?.[1] as SlotsPatch;
    expect(inner.length).toBe(3);
    expect(inner.slots.map(([i, p]) => [i, typeof p === 'string' ? p : p.kind])).toEqual([
      [0, 'slots'],
      [1, 'node'],
      [2, 'node'],
    ]);
    expect(renderToString(applyPatch(prev, patch))).toBe('<ul><li>z</li><li>b</li><li>c</li></ul>');
  });

  test('diff(t, t) is null', () => {
    const t = html`<p class="${'x'}">${[html`<b>${1}</b>`]}${each(
      [{ id: 1 }],
      (r) => r.id,
      () => 'r',
    )}</p>`;
    expect(diff(t, t)).toBeNull();
  });

  test('a different template at a slot sends the subtree whole', () => {
    const page = (signedIn: boolean) =>
      html`<main>${signedIn ? html`<p>Welcome back, ${'Ada'}</p>` : html`<form><input name="u"></form>`}</main>`;
    const prev = page(false);
    const patch = diff(prev, page(true));
    const slots = (patch as SlotsPatch).slots;
    expect(slots).toHaveLength(1);
    const [, replacement] = slots[0] as readonly [number, DynPatch];
    expect(typeof replacement === 'object' && replacement.kind).toBe('node');
    expect(renderToString(replacement as RenderedNode)).toBe('<p>Welcome back, Ada</p>');
    expect(renderToString(applyPatch(prev, patch))).toBe('<main><p>Welcome back, Ada</p></main>');
  });

  test('text replaced by a template and back', () => {
    const slot = (v: unknown) => html`<div>${v}</div>`;
    const withNode = applyPatch(slot('x'), diff(slot('x'), slot(html`<i>y</i>`)));
    expect(renderToString(withNode)).toBe('<div><i>y</i></div>');
    const back = applyPatch(withNode, diff(withNode, slot('z')));
    expect(renderToString(back)).toBe('<div>z</div>');
  });
});
