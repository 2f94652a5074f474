import { describe, expect, test } from 'vitest';
import {
  applyPatch,
  type DynPatch,
  diff,
  each,
  html,
  KineticDiffError,
  type Patch,
  renderToString,
} from './index.js';

/** The error code applying `patch` to `tree` throws, or 'no error'. */
function codeOf(tree: Parameters<typeof applyPatch>[0], patch: Patch): string {
  try {
    applyPatch(tree, patch);
  } catch (error) {
    if (error instanceof KineticDiffError) return error.code;
    throw error;
  }
  return 'no error';
}

const row = (r: { id: string }) => html`<li>${r.id}</li>`;
const rows = (ids: string) =>
  html`<ul>${each(
    [...ids].map((id) => ({ id })),
    (r) => r.id,
    row,
  )}</ul>`;
const keyed = (patch: Omit<Extract<DynPatch, { kind: 'keyedPatch' }>, 'kind'>): Patch => ({
  kind: 'slots',
  slots: [[0, { kind: 'keyedPatch', ...patch }]],
});

describe('applyPatch', () => {
  test('leaves the input tree as it was and shares unchanged subtrees', () => {
    const view = (a: string, b: string) =>
      html`<div>${html`<p>${a}</p>`}${html`<p>${b}</p>`}</div>`;
    const prev = view('1', '2');
    const next = applyPatch(prev, diff(prev, view('1', '3')));
    expect(renderToString(prev)).toBe('<div><p>1</p><p>2</p></div>');
    expect(renderToString(next)).toBe('<div><p>1</p><p>3</p></div>');
    if (typeof next === 'string' || next.kind !== 'node') throw new Error('expected a node');
    expect(next.d[0]).toBe(prev.d[0]);
    expect(next.d[1]).not.toBe(prev.d[1]);
  });

  test('a null patch returns the tree itself', () => {
    const t = html`<p>x</p>`;
    expect(applyPatch(t, null)).toBe(t);
  });
});

describe('a patch that does not fit the tree is KN_ERR_PATCH_MISMATCH', () => {
  test('a slot beyond the node', () => {
    expect(codeOf(html`<p>${'a'}</p>`, { kind: 'slots', slots: [[3, 'x']] })).toBe(
      'KN_ERR_PATCH_MISMATCH',
    );
  });

  test('a slot patch on text', () => {
    const patch: Patch = { kind: 'slots', slots: [[0, { kind: 'slots', slots: [[0, 'x']] }]] };
    expect(codeOf(html`<p>${'a'}</p>`, patch)).toBe('KN_ERR_PATCH_MISMATCH');
  });

  test('a keyed patch on a node or a plain list', () => {
    const patch: Patch = { kind: 'keyedPatch', removed: ['a'], placed: [], updated: [] };
    expect(codeOf(html`<p>${'a'}</p>`, patch)).toBe('KN_ERR_PATCH_MISMATCH');
    expect(codeOf(html`<p>${['a']}</p>`, keyed({ removed: [], placed: [], updated: [] }))).toBe(
      'KN_ERR_PATCH_MISMATCH',
    );
  });

  test('a list patch that leaves holes, or patches an item that is not there', () => {
    const list = html`<ul>${[html`<li>a</li>`]}</ul>`;
    const holes: Patch = {
      kind: 'slots',
      slots: [[0, { kind: 'slots', length: 3, slots: [[2, html`<li>c</li>`]] }]],
    };
    expect(codeOf(list, holes)).toBe('KN_ERR_PATCH_MISMATCH');
    const missing: Patch = {
      kind: 'slots',
      slots: [
        [0, { kind: 'slots', length: 2, slots: [[1, { kind: 'slots', slots: [[0, 'x']] }]] }],
      ],
    };
    expect(codeOf(list, missing)).toBe('KN_ERR_PATCH_MISMATCH');
  });

  test('keyed patches naming rows the list does not have', () => {
    const tree = rows('abc');
    const slotsX: DynPatch = { kind: 'slots', slots: [[0, 'x']] };
    expect(codeOf(tree, keyed({ removed: ['z'], placed: [], updated: [] }))).toBe(
      'KN_ERR_PATCH_MISMATCH',
    );
    expect(codeOf(tree, keyed({ removed: [], placed: [['z', null]], updated: [] }))).toBe(
      'KN_ERR_PATCH_MISMATCH',
    );
    expect(codeOf(tree, keyed({ removed: [], placed: [], updated: [['z', slotsX]] }))).toBe(
      'KN_ERR_PATCH_MISMATCH',
    );
    expect(codeOf(tree, keyed({ removed: [], placed: [['a', 'z']], updated: [] }))).toBe(
      'KN_ERR_PATCH_MISMATCH',
    );
    expect(codeOf(tree, keyed({ removed: ['b'], placed: [['a', 'b']], updated: [] }))).toBe(
      'KN_ERR_PATCH_MISMATCH',
    );
    expect(
      codeOf(
        tree,
        keyed({ removed: ['b'], placed: [['x', 'a', html`<li>x</li>`]], updated: [['b', slotsX]] }),
      ),
    ).toBe('KN_ERR_PATCH_MISMATCH');
  });

  test('keyed patches that contradict themselves', () => {
    const tree = rows('abc');
    expect(codeOf(tree, keyed({ removed: ['a'], placed: [['a', null]], updated: [] }))).toBe(
      'KN_ERR_PATCH_MISMATCH',
    );
    expect(
      codeOf(
        tree,
        keyed({
          removed: [],
          placed: [
            ['c', null],
            ['c', 'a'],
          ],
          updated: [],
        }),
      ),
    ).toBe('KN_ERR_PATCH_MISMATCH');
    expect(
      codeOf(
        tree,
        keyed({
          removed: [],
          placed: [
            ['b', null],
            ['c', null],
          ],
          updated: [],
        }),
      ),
    ).toBe('KN_ERR_PATCH_MISMATCH');
    expect(
      codeOf(
        tree,
        keyed({
          removed: [],
          placed: [
            ['c', 'b'],
            ['b', 'c'],
          ],
          updated: [],
        }),
      ),
    ).toBe('KN_ERR_PATCH_MISMATCH');
  });

  test('a fitting keyed patch applies', () => {
    expect(
      renderToString(
        applyPatch(rows('abc'), keyed({ removed: ['b'], placed: [['c', null]], updated: [] })),
      ),
    ).toBe('<ul><li>c</li><li>a</li></ul>');
  });
});
