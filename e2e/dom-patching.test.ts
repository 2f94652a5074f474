/**
 * The browser applies a patch where the tree says something changed, in Chromium against
 * the small live server: a MutationObserver in the page counts what each patch does to the
 * DOM, and JS properties set on elements show which nodes survive.
 */
import { each, html } from '@kinetic/diff';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage } from './support/browser.js';
import { type Connection, TestServer, view } from './support/fake-live-server.js';

interface Row {
  id: number;
  label: string;
}
interface TableState {
  rows: Row[];
  note: string;
}
const rowsOf = (n: number): Row[] =>
  Array.from({ length: n }, (_, i) => ({ id: i + 1, label: `row ${i + 1}` }));

const tableRow = (r: Row) =>
  html`<tr id="r-${r.id}"><td>${r.id}</td><td class="label">${r.label}</td><td><input id="in-${r.id}"></td></tr>`;
const table = view({
  mount: (): TableState => ({ rows: rowsOf(1000), note: 'ready' }),
  render: ({ rows, note }: TableState) => html`<p id="note">Note: ${note}.</p>
<table><tbody id="body">${each(rows, (r) => r.id, tableRow)}</tbody></table>`,
});

interface StreamState {
  batch: Row[];
  count: number;
}
const item = (r: Row) => html`<li id="a-${r.id}">${r.label}</li>`;
const feedItem = (r: Row) => html`<li id="p-${r.id}">${r.label}</li>`;
const streams = view({
  mount: (): StreamState => ({ batch: rowsOf(2), count: 0 }),
  render: ({
    batch,
    count,
  }: StreamState) => html`<ul id="append" lv-update="append">${each(batch, (r) => r.id, item)}</ul>
<ul id="prepend" lv-update="prepend">${each(batch, (r) => r.id, feedItem)}</ul>
<div id="pad" lv-update="ignore"><p id="inside">${count}</p></div><p id="count">${count}</p>`,
});

interface FieldState {
  text: string;
  tick: number;
  open: boolean;
}
const field = view({
  mount: (): FieldState => ({ text: 'hello world', tick: 0, open: false }),
  render: ({
    text,
    tick,
    open,
  }: FieldState) => html`<input id="name" value="${text}" data-tick="${tick}">
<div id="box">${open ? html`<b id="bold">open ${tick}</b>` : html`<i id="closed">closed</i>`}</div>`,
});

// Rows written over several lines: the white space around each row merges with the next's.
const spacedRow = (r: Row) => html`
  <li id="s-${r.id}">${r.label}</li>
`;
const spaced = view({
  mount: () => ({ rows: rowsOf(5) }),
  render: ({ rows }: { rows: Row[] }) =>
    html`<ul id="spaced">${each(rows, (r) => r.id, spacedRow)}</ul>`,
});

interface MixState {
  items: string[];
  busy: boolean;
  tone: string;
  body: string;
}
const mixed = view({
  mount: (): MixState => ({ items: ['a', 'b', 'c'], busy: false, tone: 'calm', body: 'first' }),
  render: ({
    items,
    busy,
    tone,
    body,
  }: MixState) => html`<ul id="plain">${items.map((i) => html`<li>${i}</li>`)}</ul>
<button id="slow" class="btn ${tone}" lv-click="slow" disabled=${busy}>slow</button>
<textarea id="body">${body}</textarea>`,
  delayMs: (event) => (event === 'slow' ? 800 : 0),
  handleEvent: (_event, _payload, state) => ({ state }),
});

// Rows straight in the view root, beside other content.
const topRow = (r: Row) => html`<p id="t-${r.id}">${r.label}</p>`;
const toplevel = view({
  mount: () => ({ rows: rowsOf(5) }),
  render: ({ rows }: { rows: Row[] }) =>
    html`<h2 id="title">rows</h2>${each(rows, (r) => r.id, topRow)}<footer id="end">end</footer>`,
});

let browser: Browser;
let server: TestServer;
let page: Page;
let errors: string[];

beforeAll(async () => {
  server = new TestServer({ table, streams, field, spaced, mixed, toplevel });
  await server.listen();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
afterEach(async () => {
  await page?.close();
});

async function open(name: string): Promise<Connection> {
  ({ page, errors } = await newPage(browser));
  await page.goto(`${server.base}/${name}`);
  await page.waitForSelector(`#root-${name}.lv-connected`);
  return server.last();
}

/** Starts recording every mutation under the view root. */
const observe = (name: string) =>
  page.evaluate((root) => {
    const w = window as unknown as { records: MutationRecord[] };
    w.records = [];
    new MutationObserver((list) => w.records.push(...list)).observe(
      document.getElementById(root) as Element,
      { subtree: true, childList: true, characterData: true, attributes: true },
    );
  }, `root-${name}`);

/** The mutations recorded so far, as [type, target id or node name, attribute]. */
const records = () =>
  page.evaluate(() =>
    (window as unknown as { records: MutationRecord[] }).records.map((r) => {
      const target = r.target instanceof Element ? r.target : r.target.parentElement;
      return [r.type, target?.id || target?.nodeName, r.attributeName ?? ''];
    }),
  );

const texts = (selector: string) =>
  page.$$eval(selector, (els) => els.map((el) => el.textContent ?? ''));

describe('a 1,000-row table', () => {
  it('one changed cell makes exactly one text mutation', async () => {
    const conn = await open('table');
    await observe('table');
    conn.session().push((s: TableState) => ({
      ...s,
      rows: s.rows.map((r) => (r.id === 500 ? { ...r, label: 'changed' } : r)),
    }));
    await expect.poll(() => page.textContent('#r-500 .label')).toBe('changed');
    expect(await records()).toEqual([['characterData', 'TD', '']]);
    expect(errors).toEqual([]);
  });

  it('rows the patch does not name are not visited: what page scripts did to them stays', async () => {
    const conn = await open('table');
    await page.$eval('#r-3', (el) => el.classList.add('picked'));
    conn.session().push((s: TableState) => ({
      ...s,
      rows: s.rows.map((r) => (r.id === 500 ? { ...r, label: 'changed' } : r)),
    }));
    await expect.poll(() => page.textContent('#r-500 .label')).toBe('changed');
    expect(await page.getAttribute('#r-3', 'class')).toBe('picked');
  });

  it('static text beside a text slot changes with it, in one text node, escaped text unescaped', async () => {
    const conn = await open('table');
    await observe('table');
    conn.session().push((s: TableState) => ({ ...s, note: 'saved <a> & <b>' }));
    await expect.poll(() => page.textContent('#note')).toBe('Note: saved <a> & <b>.');
    expect(await records()).toEqual([['characterData', 'note', '']]);
  });

  it('a keyed move moves the same element, and typed text in other rows stays', async () => {
    const conn = await open('table');
    await page.fill('#in-3', 'typed by hand');
    await page.$eval('#r-10', (el) => {
      (el as unknown as { mark: string }).mark = 'kept';
    });
    await observe('table');
    conn.session().push((s: TableState) => {
      const rows = s.rows.filter((r) => r.id !== 10);
      rows.splice(899, 0, { id: 10, label: 'row 10' });
      return { ...s, rows };
    });
    await expect
      .poll(() => page.$eval('#r-10', (el) => el.previousElementSibling?.id))
      .toBe('r-900');
    expect(await page.$eval('#r-10', (el) => (el as unknown as { mark?: string }).mark)).toBe(
      'kept',
    );
    // insertBefore of a connected node: one record for leaving, one for arriving.
    expect(await records()).toEqual([
      ['childList', 'body', ''],
      ['childList', 'body', ''],
    ]);
    expect(await page.inputValue('#in-3')).toBe('typed by hand');
    expect(await page.$$eval('#body tr', (els) => els.length)).toBe(1000);
  });

  it('removing and inserting rows touches only those rows', async () => {
    const conn = await open('table');
    await page.fill('#in-2', 'still here');
    await observe('table');
    conn.session().push((s: TableState) => ({
      ...s,
      rows: [{ id: 2000, label: 'new first' }, ...s.rows.filter((r) => r.id !== 1 && r.id !== 3)],
    }));
    await expect.poll(() => page.textContent('#body tr:first-child .label')).toBe('new first');
    expect(await records()).toHaveLength(3);
    expect(await page.inputValue('#in-2')).toBe('still here');
    expect(await page.$$eval('#body tr', (els) => els.length)).toBe(999);
  });
});

describe('rows written with white space around them', () => {
  it('a changed row is patched in place, and a move still lands right', async () => {
    const conn = await open('spaced');
    await observe('spaced');
    const session = conn.session();
    session.push((s: { rows: Row[] }) => ({
      rows: s.rows.map((r) => (r.id === 3 ? { ...r, label: 'three' } : r)),
    }));
    await expect.poll(() => page.textContent('#s-3')).toBe('three');
    expect(await records()).toEqual([['characterData', 's-3', '']]);
    session.push((s: { rows: Row[] }) => ({ rows: [...s.rows].reverse() }));
    await expect
      .poll(() => texts('#spaced li'))
      .toEqual(['row 5', 'row 4', 'three', 'row 2', 'row 1']);
  });
});

describe('rows at the top of the view', () => {
  it('move and change in place beside the other content of the root', async () => {
    const conn = await open('toplevel');
    await page.$eval('#t-1', (el) => {
      (el as unknown as { mark: string }).mark = 'kept';
    });
    await observe('toplevel');
    conn.session().push((s: { rows: Row[] }) => ({
      rows: [...s.rows.slice(1), { id: 1, label: 'one, last' }],
    }));
    await expect.poll(() => page.textContent('#t-1')).toBe('one, last');
    const order = await page.$$eval('#root-toplevel > *', (els) => els.map((el) => el.id));
    expect(order).toEqual(['title', 't-2', 't-3', 't-4', 't-5', 't-1', 'end']);
    expect(await page.$eval('#t-1', (el) => (el as unknown as { mark?: string }).mark)).toBe(
      'kept',
    );
    expect(await records()).toHaveLength(3);
  });
});

describe('lv-update', () => {
  it('append and prepend add new rows, keep the old ones and update known ones in place', async () => {
    const conn = await open('streams');
    await page.$$eval('li', (els) => {
      for (const el of els) (el as unknown as { mark: string }).mark = el.id;
    });
    const session = conn.session();
    session.push((s: StreamState) => ({
      ...s,
      batch: [3, 4].map((id) => ({ id, label: `row ${id}` })),
    }));
    await expect.poll(() => texts('#append li')).toEqual(['row 1', 'row 2', 'row 3', 'row 4']);
    expect(await texts('#prepend li')).toEqual(['row 3', 'row 4', 'row 1', 'row 2']);
    session.push((s: StreamState) => ({ ...s, batch: [{ id: 1, label: 'row 1 (edited)' }] }));
    await expect
      .poll(() => texts('#append li'))
      .toEqual(['row 1 (edited)', 'row 2', 'row 3', 'row 4']);
    expect(await texts('#prepend li')).toEqual(['row 3', 'row 4', 'row 1 (edited)', 'row 2']);
    const marked = await page.$$eval('li', (els) =>
      els.filter((el) => (el as unknown as { mark?: string }).mark === el.id).map((el) => el.id),
    );
    expect(marked.sort()).toEqual(['a-1', 'a-2', 'p-1', 'p-2']);
  });

  it('ignore keeps its content while the rest of the view updates', async () => {
    const conn = await open('streams');
    conn.session().push((s: StreamState) => ({ ...s, count: 5 }));
    await expect.poll(() => page.textContent('#count')).toBe('5');
    expect(await page.textContent('#inside')).toBe('0');
  });
});

describe('focus and structure', () => {
  it('a focused input keeps its text and caret while a patch changes its own attributes', async () => {
    const conn = await open('field');
    await page.click('#name');
    await page.keyboard.press('End');
    await page.keyboard.type('!!');
    await page.keyboard.press('ArrowLeft');
    await observe('field');
    const session = conn.session();
    for (let tick = 1; tick <= 3; tick++) session.push((s: FieldState) => ({ ...s, tick }));
    await expect.poll(() => page.getAttribute('#name', 'data-tick')).toBe('3');
    const state = await page.$eval('#name', (el) => {
      const input = el as HTMLInputElement;
      return [document.activeElement?.id, input.value, input.selectionStart, input.selectionEnd];
    });
    expect(state).toEqual(['name', 'hello world!!', 12, 12]);
    expect(await records()).toEqual([
      ['attributes', 'name', 'data-tick'],
      ['attributes', 'name', 'data-tick'],
      ['attributes', 'name', 'data-tick'],
    ]);
  });

  it('a dynamic whose markup changes is morphed, and patched in place afterwards', async () => {
    const conn = await open('field');
    const session = conn.session();
    session.push((s: FieldState) => ({ ...s, open: true, tick: 1 }));
    await expect.poll(() => page.textContent('#box')).toBe('open 1');
    await page.$eval('#bold', (el) => {
      (el as unknown as { mark: string }).mark = 'kept';
    });
    await observe('field');
    session.push((s: FieldState) => ({ ...s, tick: 2 }));
    await expect.poll(() => page.textContent('#box')).toBe('open 2');
    expect(await page.$eval('#bold', (el) => (el as unknown as { mark?: string }).mark)).toBe(
      'kept',
    );
    expect((await records()).filter(([type]) => type === 'childList')).toEqual([]);
    session.push((s: FieldState) => ({ ...s, open: false }));
    await expect.poll(() => page.$$eval('#closed', (els) => els.length)).toBe(1);
    expect(errors).toEqual([]);
  });
});

describe('lists, attributes and fields', () => {
  it('a list by position changes, grows and shrinks in place', async () => {
    const conn = await open('mixed');
    await page.$$eval('#plain li', (els) => {
      for (const el of els) (el as unknown as { mark: string }).mark = el.textContent ?? '';
    });
    const session = conn.session();
    session.push((s: MixState) => ({ ...s, items: ['a', 'B', 'c', 'd'] }));
    await expect.poll(() => texts('#plain li')).toEqual(['a', 'B', 'c', 'd']);
    session.push((s: MixState) => ({ ...s, items: ['a', 'B'] }));
    await expect.poll(() => texts('#plain li')).toEqual(['a', 'B']);
    const marks = await page.$$eval('#plain li', (els) =>
      els.map((el) => (el as unknown as { mark?: string }).mark),
    );
    expect(marks).toEqual(['a', 'b']);
  });

  it('a class change during an event keeps the loading class; a whole attribute comes and goes', async () => {
    const conn = await open('mixed');
    await page.click('#slow');
    const session = conn.session();
    session.push((s: MixState) => ({ ...s, tone: 'loud', busy: true }));
    await expect.poll(() => page.getAttribute('#slow', 'class')).toContain('loud');
    expect(await page.getAttribute('#slow', 'class')).toContain('lv-click-loading');
    expect(await page.getAttribute('#slow', 'disabled')).toBe('');
    session.push((s: MixState) => ({ ...s, busy: false }));
    await expect.poll(() => page.getAttribute('#slow', 'disabled')).toBeNull();
    await expect.poll(() => page.getAttribute('#slow', 'class')).toBe('btn loud');
  });

  it('a textarea the user is not in shows the new text', async () => {
    const conn = await open('mixed');
    conn.session().push((s: MixState) => ({ ...s, body: 'second' }));
    await expect.poll(() => page.inputValue('#body')).toBe('second');
  });
});
