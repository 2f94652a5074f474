import { defineView, html, isPresenceDiff, syncPresence } from '@kinetic/core';
import { LiveChannels } from '@kinetic/core/runtime';
import { describe, expect, it } from 'vitest';
import { mount } from './mount.js';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

const Feed = defineView({
  name: 'Feed',
  mount: async (_p, session, socket) => {
    socket.subscribe('feed');
    await socket.track('feed', String(session.user), {});
    return { items: [] as string[], online: await socket.presence('feed') };
  },
  events: {
    post: (payload, socket) => socket.broadcast('feed', String(payload.text)),
  },
  handleInfo: (message: unknown, socket) => {
    if (isPresenceDiff(message)) socket.update('online', (list) => syncPresence(list, message));
    else socket.update('items', (items) => [...items, String(message)]);
  },
  render: ({ items, online }) =>
    html`<ol>${items.map((item) => html`<li>${item}</li>`)}</ol><p id="online">${Object.keys(online).sort().join(',')}</p>`,
});

describe('pubsub and presence in mount()', () => {
  it('views mounted with one LiveChannels talk to each other, and a test can broadcast to them', async () => {
    const channels = new LiveChannels({ log: quiet });
    const ann = await mount(Feed, { channels, session: { user: 'ann' } });
    const ben = await mount(Feed, { channels, session: { user: 'ben' } });
    await ann.waitFor(() => ann.text('#online') === 'ann,ben');
    await ben.pushEvent('post', { text: 'hello' });
    await ann.waitFor(() => ann.count('li') === 1);
    expect(ann.text('li')).toBe('hello');
    await channels.pubsub.broadcast('feed', 'from the test');
    await ben.waitFor(() => ben.count('li') === 2);
    expect(ben.text('li:nth-child(2)')).toBe('from the test');
    await ben.close();
    await ann.waitFor(() => ann.text('#online') === 'ann');
  });

  it('a view mounted alone has pubsub of its own', async () => {
    const view = await mount(Feed, { session: { user: 'solo' } });
    await view.pushEvent('post', { text: 'echo' });
    await view.waitFor(() => view.count('li') === 1);
    expect(view.text('#online')).toBe('solo');
  });
});
