import { describe, expect, it } from 'vitest';
import { diff } from './diff.js';
import { each, html } from './html.js';
import type { KeyedPatch, SlotsPatch } from './patch.js';
import type { RenderedNode } from './rendered.js';
import { incomingRows, mergeChildren, planStream, rowId, updateModeOf } from './update-mode.js';

interface Row {
  id: number;
  text: string;
}
const row = (r: Row) => html`<li id="row-${r.id}" class="x">${r.text}</li>`;
const rows = (list: Row[]) => each(list, (r) => r.id, row);
const list = (ids: number[]) => ids.map((id) => ({ id, text: `row ${id}` }));
/** Shown children by id, rows from the render as new:id. */
const ids = (entries: Array<{ shown: string } | { row: RenderedNode }>) =>
  entries.map((e) => ('shown' in e ? e.shown : `new:${rowId(e.row)}`));

describe('updateModeOf', () => {
  it('reads the four modes and replaces for anything else', () => {
    expect(['ignore', 'append', 'prepend', 'replace', null, 'sideways'].map(updateModeOf)).toEqual([
      'ignore',
      'append',
      'prepend',
      'replace',
      'replace',
      'replace',
    ]);
  });
});

describe('rowId', () => {
  it('is the id of the element a row starts with, unescaped', () => {
    expect(rowId(row({ id: 7, text: 'x' }))).toBe('row-7');
    expect(rowId(html`<li data-id="a" id="${'a&b'}">x</li>`)).toBe('a&b');
    expect(rowId(html`<li title="id=no">x</li>`)).toBeUndefined();
    expect(rowId(html`text first <li id="a"></li>`)).toBeUndefined();
  });
});

describe('a stream container', () => {
  it('append keeps what it shows, updates rows it knows by id and adds the rest at the end', () => {
    const rendered = rows([{ id: 2, text: 'two (edited)' }, ...list([3, 4])]);
    const merged = mergeChildren('append', ['row-1', 'row-2'], (id) => id, rendered.rows, rowId);
    expect(ids(merged)).toEqual(['row-1', 'new:row-2', 'new:row-3', 'new:row-4']);
  });

  it('prepend adds new rows at the start, in their order', () => {
    const rendered = rows(list([3, 4]));
    const merged = mergeChildren('prepend', ['row-1', 'row-2'], (id) => id, rendered.rows, rowId);
    expect(ids(merged)).toEqual(['new:row-3', 'new:row-4', 'row-1', 'row-2']);
  });

  it('ignore shows what it showed; replace shows the render', () => {
    const rendered = rows(list([3]));
    expect(mergeChildren('ignore', ['row-1'], (id) => id, rendered.rows, rowId)).toEqual([
      { shown: 'row-1' },
    ]);
    expect(mergeChildren('replace', ['row-1'], (id) => id, rendered.rows, rowId)).toEqual([
      { row: rendered.rows[0] },
    ]);
  });

  it('a keyed patch brings only its new rows: removals and moves leave the container alone', () => {
    const patch = diff(
      html`<ul>${rows(list([1, 2, 3]))}</ul>`,
      html`<ul>${rows(list([3, 4]))}</ul>`,
    );
    const keyed = (patch as SlotsPatch).slots[0]?.[1] as KeyedPatch;
    const incoming = incomingRows(keyed);
    expect(incoming.map(rowId)).toEqual(['row-4']);
    const plan = planStream('append', (id) => id === 'row-3', incoming, rowId);
    expect(plan).toEqual({ update: [], insert: incoming, at: 'end' });
  });
});
