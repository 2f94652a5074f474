import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  applyPatch,
  type DynPatch,
  decodePatch,
  decodeTree,
  diff,
  each,
  encodePatch,
  encodeTree,
  html,
  KineticDiffError,
  renderToString,
  type StaticsCache,
} from './index.js';

/** What travels: the JSON text, parsed back as the receiver sees it. */
const overTheWire = <T>(message: T): unknown => JSON.parse(JSON.stringify(message));

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof KineticDiffError) return error.code;
    throw error;
  }
  return 'no error';
}

const counter = (count: number) =>
  html`<div><h1>Count: ${count}</h1><button lv-click="inc">+</button></div>`;

describe('the wire form', () => {
  test('a first render carries the statics once, keyed by fingerprint', () => {
    const tree = counter(0);
    const message = encodeTree(tree);
    expect(message).toEqual({
      s: { [tree.t.fp]: ['<div><h1>Count: ', '</h1><button lv-click="inc">+</button></div>'] },
      t: { f: tree.t.fp, d: ['0'] },
    });
    const cache: StaticsCache = new Map();
    expect(renderToString(decodeTree(overTheWire(message), cache))).toBe(renderToString(tree));
  });

  test('the counter increment patch is a few bytes and carries no statics', () => {
    const sent = new Set<string>();
    encodeTree(counter(0), sent);
    const message = encodePatch(diff(counter(0), counter(1)) as DynPatch, sent);
    expect(message).toEqual({ p: { 0: '1' } });
    expect(JSON.stringify(message.p)).toBe('{"0":"1"}');
  });

  test('the counter example of docs/protocol.md is what the code sends, to the byte', () => {
    const doc = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');
    const sent = new Set<string>();
    const first = JSON.stringify(encodeTree(counter(0), sent));
    const increment = encodePatch(diff(counter(0), counter(1)) as DynPatch, sent);
    const message = JSON.stringify(increment);
    const patch = JSON.stringify(increment.p);
    expect(doc).toContain(`\n${first}\n`);
    expect(doc).toContain(`message\nof **${Buffer.byteLength(first)} bytes**`);
    expect(doc).toContain(`\n${message}\n`);
    expect(doc).toContain(`**${Buffer.byteLength(message)} bytes**`);
    expect(doc).toContain(`\`${patch}\`, is **${Buffer.byteLength(patch)} bytes**`);
  });

  test('statics are not resent: a second patch with the same sent set carries no "s"', () => {
    const view = (n: number, on: boolean) =>
      html`<main>${on ? html`<b class="on">${n}</b>` : 'off'}</main>`;
    const sent = new Set<string>();
    const cache: StaticsCache = new Map();
    let tree = decodeTree(overTheWire(encodeTree(view(0, false), sent)), cache);
    const first = encodePatch(diff(view(0, false), view(1, true)) as DynPatch, sent);
    expect(Object.keys(first.s ?? {})).toHaveLength(1);
    tree = applyPatch(tree, decodePatch(overTheWire(first), cache));
    // Back to text, then the same nested template again: its statics are already there.
    tree = applyPatch(
      tree,
      decodePatch(
        overTheWire(encodePatch(diff(view(1, true), view(1, false)) as DynPatch, sent)),
        cache,
      ),
    );
    const second = encodePatch(diff(view(1, false), view(2, true)) as DynPatch, sent);
    expect(second.s).toBeUndefined();
    expect('s' in second).toBe(false);
    tree = applyPatch(tree, decodePatch(overTheWire(second), cache));
    expect(renderToString(tree)).toBe('<main><b class="on">2</b></main>');
  });

  test('lists of one template share it: {c, l} and {c, k}', () => {
    const li = (x: string) => html`<li>${x}</li>`;
    const tree = html`<ul>${['a', 'b'].map(li)}</ul><ol>${each(['x', 'y'], (k) => k, li)}</ol>`;
    const { t } = encodeTree(tree);
    const fp = li('').t.fp;
    expect(t).toEqual({
      f: tree.t.fp,
      d: [
        { c: fp, l: [['a'], ['b']] },
        {
          c: fp,
          k: [
            ['x', ['x']],
            ['y', ['y']],
          ],
        },
      ],
    });
  });

  test('a keyed patch: {r, m, u}', () => {
    const li = (r: { id: string; v: string }) => html`<li>${r.v}</li>`;
    const view = (rs: Array<{ id: string; v: string }>) =>
      html`<ul>${each(rs, (r) => r.id, li)}</ul>`;
    const a = { id: 'a', v: 'A' };
    const b = { id: 'b', v: 'B' };
    const c = { id: 'c', v: 'C' };
    const sent = new Set<string>();
    encodeTree(view([a, b, c]), sent);
    const patch = diff(
      view([a, b, c]),
      view([{ id: 'c', v: 'C!' }, a, { id: 'd', v: 'D' }]),
    ) as DynPatch;
    expect(encodePatch(patch, sent)).toEqual({
      p: {
        0: {
          r: ['b'],
          m: [
            ['c', null],
            ['d', 'a', { f: li(a).t.fp, d: ['D'] }],
          ],
          u: { c: { 0: 'C!' } },
        },
      },
    });
  });

  test('a row keyed "__proto__" travels like any other key', () => {
    const li = (r: { id: string; v: string }) => html`<li>${r.v}</li>`;
    const view = (v: string) => html`<ul>${each([{ id: '__proto__', v }], (r) => r.id, li)}</ul>`;
    const sent = new Set<string>();
    const cache: StaticsCache = new Map();
    const tree = decodeTree(overTheWire(encodeTree(view('a'), sent)), cache);
    const patch = decodePatch(
      overTheWire(encodePatch(diff(view('a'), view('b')) as DynPatch, sent)),
      cache,
    );
    expect(renderToString(applyPatch(tree, patch))).toBe('<ul><li>b</li></ul>');
  });
});

describe('decoding refuses what encode never produces', () => {
  const cache = (): StaticsCache => {
    const c: StaticsCache = new Map();
    decodeTree(overTheWire(encodeTree(counter(0))), c);
    return c;
  };
  const fp = counter(0).t.fp;

  test.each([
    ['not an object', null],
    ['an array', []],
    ['no "t"', {}],
    ['a number as tree', { t: 5 }],
    ['"s" not an object', { s: ['x'], t: '' }],
    ['empty statics', { s: { x: [] }, t: '' }],
    ['statics with a non-string', { s: { x: ['a', 1] }, t: '' }],
    ['a fingerprint that is not a string', { t: { f: 1, d: [] } }],
    ['the wrong number of dynamics', { t: { f: fp, d: [] } }],
    ['dynamics that are not an array', { t: { f: fp, d: 'x' } }],
    ['"l" not an array', { t: { l: 'x' } }],
    ['"k" not an array', { t: { k: {} } }],
    ['a keyed entry without a key', { t: { k: [[1, { f: fp, d: ['1'] }]] } }],
    [
      'a repeated key',
      {
        t: {
          k: [
            ['a', { f: fp, d: ['1'] }],
            ['a', { f: fp, d: ['2'] }],
          ],
        },
      },
    ],
    ['an unknown object', { t: { z: 1 } }],
    ['a boolean dynamic', { t: { f: fp, d: [true] } }],
  ])('a tree with %s is KN_ERR_WIRE_MALFORMED', (_, message) => {
    expect(codeOf(() => decodeTree(message, cache()))).toBe('KN_ERR_WIRE_MALFORMED');
  });

  test.each([
    ['no "p"', {}],
    ['a number as patch', { p: 1 }],
    ['a bad slot index', { p: { '01': 'x' } }],
    ['a negative length', { p: { n: -1 } }],
    ['a fractional length', { p: { n: 1.5 } }],
    ['removed keys that are not strings', { p: { r: [1] } }],
    ['"m" not an array', { p: { m: 'x' } }],
    ['an "m" entry without "after"', { p: { m: [['a']] } }],
    ['"u" not an object', { p: { u: [] } }],
  ])('a patch with %s is KN_ERR_WIRE_MALFORMED', (_, message) => {
    expect(codeOf(() => decodePatch(message, cache()))).toBe('KN_ERR_WIRE_MALFORMED');
  });

  test('statics the receiver never got are KN_ERR_WIRE_UNKNOWN_STATICS', () => {
    expect(codeOf(() => decodeTree({ t: { f: 'nope', d: [] } }, new Map()))).toBe(
      'KN_ERR_WIRE_UNKNOWN_STATICS',
    );
    expect(codeOf(() => decodeTree({ t: { f: fp, d: ['1'] } }, new Map()))).toBe(
      'KN_ERR_WIRE_UNKNOWN_STATICS',
    );
    expect(codeOf(() => decodePatch({ p: { 0: { c: 'nope', l: [] } } }, new Map()))).toBe(
      'KN_ERR_WIRE_UNKNOWN_STATICS',
    );
    expect(
      codeOf(() => decodePatch({ p: { m: [['a', null, { f: 'nope', d: [] }]] } }, cache())),
    ).toBe('KN_ERR_WIRE_UNKNOWN_STATICS');
  });
});
