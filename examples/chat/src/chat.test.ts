import { LiveChannels } from '@kinetic/core/runtime';
import { live, mount } from '@kinetic/testing';
import { describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { chatView } from './chat.js';
import { RoomHistory } from './history.js';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };
type ChatView = Awaited<ReturnType<typeof mount>>;

/** Two people in #lobby, on one pubsub: each view's part of the same room. */
async function room() {
  const channels = new LiveChannels({ log: quiet });
  const history = new RoomHistory();
  const Chat = chatView(history);
  const open = async (name: string) => {
    const view = await mount(Chat, { channels, params: { room: 'lobby' }, url: '/rooms/lobby' });
    await view.submit('#enter', { name });
    return view;
  };
  return { channels, history, Chat, open };
}

const said = (view: ChatView) =>
  Array.from({ length: view.count('#messages li') }, (_, i) =>
    view.text(`#messages li:nth-child(${i + 1})`).replace(/ \d\d:\d\d /, ': '),
  );
const here = (view: ChatView) =>
  Array.from({ length: view.count('#online li') }, (_, i) =>
    view.text(`#online li:nth-child(${i + 1})`),
  );

describe('the chat', () => {
  it('a message reaches everyone in the room, and who is here follows arrivals', async () => {
    const { open } = await room();
    const ann = await open('Ann');
    const ben = await open('Ben');
    await ann.waitFor(() => here(ann).length === 2);
    await ben.waitFor(() => here(ben).length === 2);
    expect(here(ben)).toEqual(['Ann', 'Ben']);
    await ben.submit('#say', { text: 'hello, Ann' });
    await ann.waitFor(() => said(ann).length === 1);
    await ben.waitFor(() => said(ben).length === 1);
    expect(said(ann)).toEqual(['Ben: hello, Ann']);
    expect(said(ben)).toEqual(['Ben: hello, Ann']);
  });

  it('two tabs with one name are one person, and a tab that goes leaves', async () => {
    const { open } = await room();
    const ann = await open('Ann');
    const ben = await open('Ben');
    const ben2 = await open('ben');
    await ann.waitFor(() => here(ann).includes('Ben (2 tabs)'));
    await ben2.close();
    await ann.waitFor(() => here(ann).includes('Ben'));
    await ben.close();
    await ann.waitFor(() => here(ann).length === 1);
    expect(here(ann)).toEqual(['Ann']);
  });

  it('a newcomer sees the last 50 messages', async () => {
    const { open } = await room();
    const ann = await open('Ann');
    for (let i = 1; i <= 55; i++) await ann.submit('#say', { text: `message ${i}` });
    const late = await open('Cy');
    expect(said(late)).toHaveLength(50);
    expect(said(late)[0]).toBe('Ann: message 6');
    expect(said(late)[49]).toBe('Ann: message 55');
  });

  it('shows who is typing, and stops once they send or after three seconds', async () => {
    const { open } = await room();
    const ann = await open('Ann');
    const ben = await open('Ben');
    await ben.keyup('#say input', 'h', { value: 'h' });
    await ann.waitFor(() => ann.text('#typing') === 'Ben is typing…');
    // Ben does not see himself typing.
    expect(ben.text('#typing')).toBe('');
    await ann.advanceTimers(3000);
    expect(ann.text('#typing')).toBe('');
    await ben.keyup('#say input', 'h', { value: 'hi' });
    await ann.waitFor(() => ann.text('#typing') === 'Ben is typing…');
    await ben.submit('#say', { text: 'hi' });
    await ann.waitFor(() => said(ann).length === 1);
    expect(ann.text('#typing')).toBe('');
  });

  it('a room name that is not one answers 404', async () => {
    const { Chat } = await room();
    await expect(mount(Chat, { params: { room: '../etc' } })).rejects.toMatchObject({
      code: 'KN_ERR_NOT_FOUND',
    });
  });

  it('works the same through the real app', async () => {
    const view = await live(buildApp, '/rooms/kinetic');
    try {
      expect(view.text('h1')).toBe('#kinetic');
      await view.submit('#enter', { name: 'Dee' });
      await view.waitFor(() => view.text('#online') === 'Dee');
      await view.submit('#say', { text: 'over the wire' });
      await view.waitFor(() => view.count('#messages li') === 1);
      expect(view.text('#messages li')).toContain('over the wire');
    } finally {
      await view.close();
    }
  });
});
