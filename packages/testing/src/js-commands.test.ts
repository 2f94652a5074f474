import { defineView, html, JS } from '@kinetic/core';
import { kinetic } from '@kinetic/transport';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { live, mount } from './index.js';

/**
 * A binding of JS commands, clicked through the harness, sends what its push, patch and
 * navigate commands send in a browser; socket.exec reaches the client as the reserved
 * `lv:exec` push, after the step's patch.
 */
const Liker = defineView({
  name: 'Liker',
  mount: () => ({ likes: 0, last: '', tab: '' }),
  handleParams: (params, _url, socket) => {
    socket.assign('tab', String(params.tab ?? ''));
  },
  events: {
    like: (payload, socket) => {
      socket.update('likes', (n) => n + Number(payload.by ?? 1));
      socket.assign('last', JSON.stringify(payload));
      socket.exec(JS.show({ to: '#thanks' }));
      socket.focus('#comment');
    },
  },
  render: ({ likes, last, tab }) => html`
    <button id="like" lv-value-id="7"
      lv-click=${JS.addClass('busy').push('like', { value: { by: 2 }, optimistic: JS.setText(String(likes + 2), { to: '#likes' }) })}>like</button>
    <button id="tab" lv-click=${JS.hide({ to: '#thanks' }).patch('/?tab=2')}>tab</button>
    <span id="likes">${likes}</span><span id="last">${last}</span><span id="tab-shown">${tab}</span>
    <p id="thanks" style="display: none">thanks</p><input id="comment">`,
});

const app = Fastify();
beforeAll(async () => {
  await app.register(kinetic, { secret: 'js-commands-harness-secret-0123456789abcdef' });
  app.live('/', Liker);
});
afterAll(() => app.close());

describe('JS commands through the harness', () => {
  it('a push command sends its event with the binding payload and its value, over the wire', async () => {
    const view = await live(app, '/');
    await view.click('#like');
    expect(view.text('#likes')).toBe('2');
    expect(JSON.parse(view.text('#last'))).toEqual({ id: '7', by: 2 });
    // socket.exec and socket.focus: commands the browser runs after this step's patch.
    expect(view.pushedEvents).toEqual([
      { event: 'lv:exec', payload: [['show', { to: '#thanks' }]] },
      { event: 'lv:exec', payload: [['focus', { to: '#comment' }]] },
    ]);
    await view.click('#tab');
    expect(view.text('#tab-shown')).toBe('2');
    await view.close();
  });

  it('mount() runs the same bindings without a server', async () => {
    const view = await mount(Liker);
    await view.click('#like');
    await view.click('#like');
    expect(view.text('#likes')).toBe('4');
  });
});
