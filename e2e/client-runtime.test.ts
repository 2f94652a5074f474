/**
 * The browser runtime on its own, in Chromium, against a small server that speaks the
 * live protocol with the real diff engine (no @kinetic/core): what the page shows and
 * which frames cross the wire are both asserted.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage } from './support/browser.js';
import { type Connection, sleep, TestServer } from './support/fake-live-server.js';
import type { Row } from './support/fake-views.js';
import * as views from './support/fake-views.js';

// ---------------------------------------------------------------------------------------

let browser: Browser;
let server: TestServer;
let page: Page;
let errors: string[];

beforeAll(async () => {
  server = new TestServer(views);
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

/** Opens a view's page and waits until it has joined; returns its connection. */
async function open(name: string, query = ''): Promise<Connection> {
  ({ page, errors } = await newPage(browser));
  await page.goto(`${server.base}/${name}${query}`);
  await page.waitForSelector(`#root-${name}.lv-connected`);
  return server.last();
}

const texts = (selector: string) =>
  page.$$eval(selector, (els) => els.map((el) => el.textContent ?? ''));

describe('events', () => {
  it('clicking + ten times rapidly shows 10 and sends exactly 10 small event frames', async () => {
    const conn = await open('counter');
    for (let i = 0; i < 10; i++) await page.click('#inc', { delay: 0 });
    await expect.poll(() => page.textContent('#count')).toBe('10');
    expect(conn.events('inc')).toHaveLength(10);
    const clicks = conn.raw.filter((text) => text.startsWith('["e"'));
    for (const text of clicks) expect(text.length).toBeLessThanOrEqual(30);
    expect(errors).toEqual([]);
  });

  it('the lv-click-loading class stays while the reply is delayed and clears after it', async () => {
    await open('counter');
    await page.click('#slow');
    expect(await page.getAttribute('#slow', 'class')).toContain('lv-click-loading');
    await sleep(300);
    expect(await page.getAttribute('#slow', 'class')).toContain('lv-click-loading');
    expect(await page.textContent('#count')).toBe('0');
    await expect.poll(() => page.textContent('#count')).toBe('1');
    expect(await page.getAttribute('#slow', 'class')).not.toContain('lv-click-loading');
  });

  it('an x frame marks the root lv-error, and the next good reply clears it', async () => {
    const conn = await open('counter');
    await page.click('#boom');
    await page.waitForSelector('#root-counter.lv-error');
    expect(errors.join('\n')).toContain('KN_ERR_TEST_FAILED');
    await page.click('#inc');
    await page.waitForSelector('#root-counter.lv-connected:not(.lv-error)');
    expect(await page.textContent('#count')).toBe('1');
    expect(conn.events()).toHaveLength(2);
  });

  it('lv-keydown honours lv-key and lv-target; lv-window-keyup listens on window', async () => {
    const conn = await open('keys');
    await page.click('#k');
    await page.keyboard.type('ab');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.textContent('#log')).toBe('key:Enter:7,wkey:Escape:-');
    const [keydown] = conn.events('key');
    expect(keydown?.slice(3)).toEqual(['key', { key: 'Enter', value: 'ab', kind: 'box' }, '7']);
    expect(conn.events()).toHaveLength(2);
  });
});

describe('typing', () => {
  it('a focused input keeps every character and its caret while d frames update the page', async () => {
    const conn = await open('typing');
    const session = conn.session();
    const ticker = setInterval(
      () => session.push((s: { text: string; tick: number }) => ({ ...s, tick: s.tick + 1 })),
      50,
    );
    try {
      await page.click('#name');
      const text = 'Kinetic keeps every keystroke';
      await page.keyboard.type(text, { delay: 15 });
      expect(await page.inputValue('#name')).toBe(text);
      // The slow echo catches up while ticks keep arriving.
      await expect.poll(() => page.textContent('#echo'), { timeout: 15_000 }).toBe(text);
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
      const tickBefore = await page.getAttribute('#name', 'data-tick');
      await sleep(400);
      expect(await page.getAttribute('#name', 'data-tick')).not.toBe(tickBefore);
      const caret = await page.$eval('#name', (el) => {
        const input = el as HTMLInputElement;
        return [input.selectionStart, input.selectionEnd];
      });
      expect(caret).toEqual([text.length - 3, text.length - 3]);
      await page.keyboard.type('X');
      const expected = `${text.slice(0, -3)}X${text.slice(-3)}`;
      expect(await page.inputValue('#name')).toBe(expected);
      await expect.poll(() => page.textContent('#echo'), { timeout: 5000 }).toBe(expected);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('name');
      expect(Number(await page.getAttribute('#name', 'data-tick'))).toBeGreaterThan(20);
    } finally {
      clearInterval(ticker);
    }
  });

  it('lv-debounce="200" sends one event for a burst of typing', async () => {
    const conn = await open('search');
    await page.click('#q');
    await page.keyboard.type('kinetic', { delay: 30 });
    await expect.poll(() => page.textContent('#result')).toBe('kinetic');
    await sleep(400);
    expect(conn.events('search').map((f) => f[4])).toEqual([{ value: 'kinetic', name: 'q' }]);
  });
});

describe('forms', () => {
  it('lv-change sends every field with _target; submit flushes the debounced change', async () => {
    const conn = await open('form');
    await page.click('#t2');
    await expect.poll(() => conn.events('validate').length).toBe(1);
    expect(conn.events('validate')[0]?.[4]).toEqual({
      title: '',
      kind: 'b',
      tags: ['x', 'y', 'z'],
      _target: 'tags',
    });
    await page.click('#title');
    await page.keyboard.type('abc');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#f.lv-submit-loading');
    expect(await page.isDisabled('#save')).toBe(true);
    expect(await page.textContent('#save')).toBe('Saving...');
    const [, typed] = conn.events('validate');
    expect(typed?.[4]).toEqual({
      title: 'abc',
      kind: 'b',
      tags: ['x', 'y', 'z'],
      _target: 'title',
    });
    expect(conn.events('validate')).toHaveLength(2);
    expect(conn.events('save')[0]?.[4]).toEqual({ title: 'abc', kind: 'b', tags: ['x', 'y', 'z'] });
    await expect.poll(() => page.textContent('#status')).toBe('saved abc');
    expect(await page.isDisabled('#save')).toBe(false);
    expect(await page.textContent('#save')).toBe('Save');
    expect(await page.getAttribute('#f', 'class')).not.toContain('lv-submit-loading');
    // The server rendered an empty title after saving: the field shows it.
    expect(await page.inputValue('#title')).toBe('');
    expect(conn.events()).toHaveLength(3);
  });
});

describe('server pushes and hooks', () => {
  it('a p frame reaches the hook and window; the hook pushEvent resolves with the reply', async () => {
    const conn = await open('pinger');
    await expect.poll(() => page.evaluate(() => document.body.dataset.mounted)).toBe('pinger');
    const session = conn.session();
    conn.send(['p', session.id, 'ping', { n: 21 }]);
    await expect.poll(() => page.evaluate(() => document.body.dataset.reply)).toBe('{"ok":42}');
    expect(await page.evaluate(() => document.body.dataset.ping)).toBe('21');
    expect(await page.evaluate(() => document.body.dataset.windowPing)).toBe('21');
    await expect.poll(() => page.textContent('#pongs')).toBe('1');
    expect(conn.events('pong')[0]?.[4]).toEqual({ n: 21 });
  });
});

describe('lists', () => {
  it('lv-update="append" and "prepend" add new rows and update known ones in place', async () => {
    await open('stream');
    expect(await texts('#rows li')).toEqual(['one', 'two']);
    await page.click('#more');
    await expect.poll(() => texts('#rows li')).toEqual(['one', 'two', 'three', 'four']);
    expect(await texts('#feed li')).toEqual(['three', 'four', 'one', 'two']);
    await page.click('#edit');
    await expect.poll(() => texts('#rows li')).toEqual(['one (edited)', 'two', 'three', 'four']);
    expect(await texts('#feed li')).toEqual(['three', 'four', 'one (edited)', 'two']);
  });

  it('keyed moves, removals and inserts keep the rows right and reuse their nodes', async () => {
    const conn = await open('keyed');
    await page.$$eval('#items li', (els) => {
      for (const el of els) (el as unknown as { mark: string }).mark = el.id;
    });
    const marks = () =>
      page.$$eval('#items li', (els) =>
        els.map((el) => (el as unknown as { mark?: string }).mark === el.id),
      );
    for (const [event, expected] of [
      ['reverse', [5, 4, 3, 2, 1]],
      ['rotate', [4, 3, 2, 1, 5]],
      ['remove', [4, 2]],
      ['insert', [9, 4, 2]],
    ] as const) {
      await page.click(`#${event}`);
      await expect.poll(() => texts('#items li')).toEqual(expected.map((id) => `item ${id}`));
    }
    expect(await marks()).toEqual([false, true, true]);
    const replies = conn.out.filter((f) => f[0] === 'r' && JSON.stringify(f).includes('"m"'));
    expect(replies.length).toBeGreaterThanOrEqual(2);
  });

  it('a focused field in a keyed row keeps focus, text and caret while rows move around it', async () => {
    const conn = await open('editable');
    await page.click('#edit-4');
    await page.keyboard.press('End');
    await page.keyboard.type(' draft');
    const session = conn.session();
    const steps: Array<(items: Row[]) => Row[]> = [
      (items) => [...items].reverse(),
      (items) => items.filter((i) => i.id !== 5 && i.id !== 3),
      (items) => [{ id: 7, text: 'item 7' }, ...items],
      (items) => [...items.slice(1), ...items.slice(0, 1)],
    ];
    for (const step of steps) {
      let expected: string[] = [];
      session.push((s: { items: Row[] }) => {
        const items = step(s.items);
        expected = items.map((i) => i.text);
        return { items };
      });
      await expect.poll(() => texts('#edit-rows label')).toEqual(expected);
      const state = await page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement;
        return [el.id, el.value, el.selectionStart];
      });
      expect(state).toEqual(['edit-4', 'item 4 draft', 'item 4 draft'.length]);
    }
  });
});

describe('nested views', () => {
  it('a nested view joins on its own and the parent never touches its content', async () => {
    const conn = await open('parent');
    await page.waitForSelector('#nested.lv-connected');
    const joins = conn.frames.filter((f) => f[0] === 'j');
    expect(new Set(joins.map((f) => f[2])).size).toBe(2);
    await page.click('#child-inc');
    await expect.poll(() => page.textContent('#child-count')).toBe('1');
    await page.click('#parent-inc');
    await expect.poll(() => page.textContent('#parent-count')).toBe('1');
    expect(await page.textContent('#child-count')).toBe('1');
    const [parentEvent, childEvent] = [conn.events('inc')[1], conn.events('inc')[0]];
    expect(parentEvent?.[2]).not.toBe(childEvent?.[2]);
  });
});

describe('navigation', () => {
  it('lv-patch pushes the URL and sends u frames; back and forward patch again', async () => {
    const conn = await open('paged');
    await page.click('#to-2');
    await expect.poll(() => page.textContent('#page')).toBe('page 2');
    expect(new URL(page.url()).search).toBe('?page=2');
    await page.click('#to-3');
    await expect.poll(() => page.textContent('#page')).toBe('page 3');
    await page.goBack();
    await expect.poll(() => page.textContent('#page')).toBe('page 2');
    await page.goBack();
    await expect.poll(() => page.textContent('#page')).toBe('page 1');
    await page.goForward();
    await expect.poll(() => page.textContent('#page')).toBe('page 2');
    const urls = conn.frames.filter((f) => f[0] === 'u').map((f) => new URL(f[3] as string).search);
    expect(urls).toEqual(['?page=2', '?page=3', '?page=2', '', '?page=2']);
    expect(server.navigateRequests).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('lv-navigate swaps the view without a page load; back navigates live again', async () => {
    const conn = await open('paged');
    await page.evaluate(() => {
      (window as unknown as { loaded: boolean }).loaded = true;
    });
    await page.click('#away');
    await page.waitForSelector('#root-other.lv-connected');
    expect(new URL(page.url()).pathname).toBe('/other');
    expect(await page.title()).toBe('other');
    expect(conn.frames.some((f) => f[0] === 'l')).toBe(true);
    await page.click('#other-inc');
    await expect.poll(() => page.textContent('#other-count')).toBe('1');
    await page.goBack();
    await page.waitForSelector('#root-paged.lv-connected');
    expect(await page.textContent('#page')).toBe('page 1');
    // Still the same document: no reload happened.
    expect(await page.evaluate(() => (window as unknown as { loaded?: boolean }).loaded)).toBe(
      true,
    );
    expect(server.navigateRequests).toEqual(['/other', '/paged']);
    expect(server.connections.at(-1)).toBe(conn);
  });
});

describe('navigation safety', () => {
  it('a g frame with a javascript: or data: URL is refused by the client, whatever the server says', async () => {
    const conn = await open('counter');
    const id = conn.session().id;
    for (const [kind, url] of [
      ['r', 'javascript:document.body.dataset.pwned="r"'],
      ['n', 'javascript:document.body.dataset.pwned="n"'],
      ['p', 'javascript:document.body.dataset.pwned="p"'],
      ['r', 'data:text/html,<script>parent.document.body.dataset.pwned="d"</script>'],
    ] as const) {
      conn.send(['g', id, kind, url]);
    }
    await expect
      .poll(() => errors.filter((e) => e.includes('KN_ERR_CLIENT_UNSAFE_URL')).length)
      .toBe(4);
    expect(await page.evaluate(() => document.body.dataset.pwned)).toBeUndefined();
    expect(new URL(page.url()).pathname).toBe('/counter');
    // Still live.
    await page.click('#inc');
    await expect.poll(() => page.textContent('#count')).toBe('1');
  });
});

describe('connection', () => {
  it('a dropped socket marks lv-disconnected, then the client reconnects and rejoins', async () => {
    const conn = await open('pinger');
    const token = conn.session().token;
    server.refuse = true;
    conn.ws.terminate();
    await page.waitForSelector('#root-pinger.lv-disconnected');
    expect(await page.evaluate(() => document.body.dataset.hookDisconnected)).toBe('yes');
    server.refuse = false;
    await page.waitForSelector('#root-pinger.lv-connected', { timeout: 10_000 });
    const again = server.last();
    expect(again).not.toBe(conn);
    expect(again.session().token).toBe(token);
    // The reconnect asked to resume; this server has no sessions to resume, so it rejoined.
    expect(again.query.get('sid')).toBe(conn.sid);
    expect(Number(again.query.get('ack'))).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.body.dataset.hookReconnected)).toBe('yes');
    // A `c` frame (server going away) makes it reconnect too.
    const before = server.connections.length;
    again.send(['c', 'deploy', 50]);
    await expect.poll(() => server.connections.length).toBeGreaterThan(before);
    await page.waitForSelector('#root-pinger.lv-connected');
    const latest = server.last();
    latest.send(['p', latest.session().id, 'ping', { n: 2 }]);
    await expect.poll(() => page.textContent('#pongs')).toBe('1');
  });
});
