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

/** Threads: a stream of threads, each with its own stream of replies. */
const Threads = defineView({
  name: 'Threads',
  mount: () => ({ fresh: [] as Array<{ id: number; title: string; replies: string[] }> }),
  events: {
    post: (payload, socket) => {
      const replies = (payload.replies as string[] | undefined) ?? [];
      socket.assign({ fresh: [{ id: Number(payload.id), title: String(payload.title), replies }] });
    },
  },
  render: ({ fresh }) => html`<div id="threads" lv-update="append">
    ${each(
      fresh,
      (t) => t.id,
      (t) =>
        html`<section id="t-${t.id}"><h2>${t.title}</h2><ul id="r-${t.id}" lv-update="append">${each(
          t.replies,
          (r) => r,
          (r) => html`<li id="r-${t.id}-${r}">${r}</li>`,
        )}</ul></section>`,
    )}
  </div>`,
});

describe('lv-update in the harness, as in the browser', () => {
  it('a row updated in place keeps the rows of the stream inside it', async () => {
    const view = await mount(Threads);
    await view.pushEvent('post', { id: 1, title: 'Hello', replies: ['a'] });
    await view.pushEvent('post', { id: 2, title: 'Other' });
    await view.pushEvent('post', { id: 1, title: 'Hello (edited)', replies: ['b'] });
    expect(view.text('#t-1 h2')).toBe('Hello (edited)');
    expect(rows(view, '#r-1')).toEqual(['r-1-a:a', 'r-1-b:b']);
    expect(view.count('#threads > section')).toBe(2);
  });

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
