// lv-update in the harness: what a test reads is what the browser shows, because both take
// the container's children from the same plan (@kinetic/diff's mergeChildren).
import { defineView, each, html } from '@kinetic/core';
import { kinetic } from '@kinetic/transport';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { live, mount, type TestView } from './index.js';

interface Message {
  id: number;
  text: string;
}

/** Renders only the messages of the last step: the containers keep what they showed. */
const Feed = defineView({
  name: 'Feed',
  mount: () => ({ fresh: [] as Message[], next: 1, note: 'first' }),
  events: {
    add: (payload, socket) => {
      const id = socket.assigns.next;
      socket.assign({ fresh: [{ id, text: String(payload.text) }], next: id + 1 });
    },
    edit: (payload, socket) => {
      socket.assign({ fresh: [{ id: Number(payload.id), text: String(payload.text) }] });
    },
    note: (payload, socket) => {
      socket.assign({ note: String(payload.text) });
    },
  },
  render: ({ fresh, note }) => html`<ul id="log" lv-update="append">
      ${each(
        fresh,
        (m) => m.id,
        (m) => html`<li id="log-${m.id}">${m.text}</li>`,
      )}
    </ul>
    <ol id="latest" lv-update="prepend">
      ${each(
        fresh,
        (m) => m.id,
        (m) => html`<li id="latest-${m.id}">${m.text}</li>`,
      )}
    </ol>
    <p id="pinned" lv-update="ignore">${note}</p>
    <p id="note">${note}</p>`,
});

/** The rows of a list, in order, as `id:text`. */
const rows = (view: TestView, list: string) =>
  [...view.html(list).matchAll(/<li id="([^"]+)">([^<]*)<\/li>/g)].map(
    ([, id, text]) => `${id}:${text}`,
  );

async function exercise(view: TestView) {
  await view.pushEvent('add', { text: 'one' });
  await view.pushEvent('add', { text: 'two' });
  await view.pushEvent('add', { text: 'three' });
  expect(rows(view, '#log')).toEqual(['log-1:one', 'log-2:two', 'log-3:three']);
  expect(rows(view, '#latest')).toEqual(['latest-3:three', 'latest-2:two', 'latest-1:one']);
  // A row whose id is shown is updated where it stands.
  await view.pushEvent('edit', { id: 2, text: 'TWO' });
  expect(rows(view, '#log')).toEqual(['log-1:one', 'log-2:TWO', 'log-3:three']);
  expect(rows(view, '#latest')).toEqual(['latest-3:three', 'latest-2:TWO', 'latest-1:one']);
  // lv-update="ignore" keeps what the page first showed.
  await view.pushEvent('note', { text: 'second' });
  expect(view.text('#note')).toBe('second');
  expect(view.text('#pinned')).toBe('first');
}

describe('lv-update in the harness, as in the browser', () => {
  it('mount(): append, prepend and ignore keep what they showed', async () => {
    await exercise(await mount(Feed));
  });

  const apps: Array<{ close(): Promise<unknown> }> = [];
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  it('live(): the same over a real server', async () => {
    const app = Fastify();
    apps.push(app);
    await app.register(kinetic, { secret: 'update-modes-test-secret-0123456789-abcdef' });
    app.live('/feed', Feed);
    const view = await live(app, '/feed');
    try {
      await exercise(view);
    } finally {
      await view.close();
    }
  });
});
