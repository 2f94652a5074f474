import { randomUUID } from 'node:crypto';
import {
  defineView,
  html,
  isPresenceDiff,
  notFound,
  type PresenceList,
  syncPresence,
} from '@kinetic/core';
import type { Message, RoomHistory } from './history.js';

/** The rooms linked from every page; any name matching ROOM is a room too. */
export const ROOMS = ['lobby', 'kinetic', 'random'] as const;
const ROOM = /^[a-z0-9-]{1,32}$/;
/** How long "… is typing" shows after the last keystroke. */
const TYPING_MS = 3000;

/** What a chat view broadcasts besides messages and presence. */
interface Typing {
  readonly type: 'typing';
  readonly from: string;
}
interface TypingOver {
  readonly type: 'typing-over';
  readonly from: string;
  readonly at: number;
}

const isTyping = (m: unknown): m is Typing => (m as Typing)?.type === 'typing';
const isTypingOver = (m: unknown): m is TypingOver => (m as TypingOver)?.type === 'typing-over';

/**
 * A chat room: messages to everyone in it, the last 50 for a newcomer, who is here (from
 * presence, one line per name with its tabs counted), and who is typing.
 */
export function chatView(history: RoomHistory) {
  return defineView({
    name: 'Chat',
    mount: async ({ room }, _session, socket) => {
      const name = String(room);
      if (!ROOM.test(name)) throw notFound(`no room "${name}"`);
      const topic = `chat:${name}`;
      socket.subscribe(topic);
      const online: PresenceList = socket.connected ? await socket.presence(topic) : {};
      return {
        room: name,
        topic,
        me: undefined as string | undefined,
        messages: history.last(name),
        online,
        typing: {} as Record<string, number>,
      };
    },
    title: ({ room }) => `#${room}`,
    events: {
      /** Picks a name: from then on this tab is here, and may speak. */
      enter: async ({ name }, socket) => {
        const me = String(name ?? '')
          .trim()
          .slice(0, 24);
        if (me === '' || socket.assigns.me !== undefined) return;
        socket.assign({ me });
        await socket.track(socket.assigns.topic, me.toLowerCase(), { name: me });
      },
      say: async ({ text }, socket) => {
        const { me, room, topic } = socket.assigns;
        const said = String(text ?? '')
          .trim()
          .slice(0, 500);
        if (me === undefined || said === '') return;
        const message: Message = { id: randomUUID(), from: me, text: said, at: new Date() };
        history.add(room, message);
        await socket.broadcast(topic, message);
      },
      typing: async (_p, socket) => {
        const { me, topic } = socket.assigns;
        if (me !== undefined)
          await socket.broadcast(topic, { type: 'typing', from: me }, { skipSelf: true });
      },
    },
    handleInfo: (message: unknown, socket) => {
      if (isPresenceDiff(message)) {
        socket.update('online', (list) => syncPresence(list, message));
      } else if (isTyping(message)) {
        const at = Date.now();
        socket.update('typing', (typing) => ({ ...typing, [message.from]: at }));
        socket.sendInfo({ type: 'typing-over', from: message.from, at }, { after: TYPING_MS });
      } else if (isTypingOver(message)) {
        // Only the last keystroke's timer clears it: a later one is still running.
        if (socket.assigns.typing[message.from] !== message.at) return;
        const { [message.from]: _over, ...rest } = socket.assigns.typing;
        socket.assign({ typing: rest });
      } else {
        const said = message as Message;
        socket.update('messages', (messages) => [...messages, said].slice(-50));
        // Whoever spoke is done typing.
        if (said.from in socket.assigns.typing) {
          const { [said.from]: _done, ...rest } = socket.assigns.typing;
          socket.assign({ typing: rest });
        }
      }
    },
    render: ({ room, me, messages, online, typing }) => {
      const here = Object.values(online)
        .map(({ metas }) => ({ name: String(metas[0]?.name ?? '?'), tabs: metas.length }))
        .sort((a, b) => a.name.localeCompare(b.name));
      const typers = Object.keys(typing).filter((name) => name !== me);
      return html`<header>
  <h1>#${room}</h1>
  <nav>${ROOMS.map((r) => html`<a href="/rooms/${r}" lv-navigate class="${r === room ? 'here' : ''}">#${r}</a> `)}</nav>
</header>
<aside>
  <h2>Here (${here.length})</h2>
  <ul id="online">${here.map((p) => html`<li>${p.name}${p.tabs > 1 ? ` (${p.tabs} tabs)` : ''}</li>`)}</ul>
</aside>
<ol id="messages">${messages.map(
        (m) =>
          html`<li><b>${m.from}</b> <time>${m.at.toISOString().slice(11, 16)}</time> <span class="text">${m.text}</span></li>`,
      )}</ol>
<p id="typing" class="meta">${typers.length === 0 ? '' : `${typers.join(', ')} ${typers.length === 1 ? 'is' : 'are'} typing…`}</p>
${
  me === undefined
    ? html`<form id="enter" lv-submit="enter"><input name="name" placeholder="Your name" maxlength="24" autocomplete="off" required> <button>Enter</button></form>`
    : html`<form id="say" lv-submit="say"><input name="text" placeholder="Message #${room}" maxlength="500" autocomplete="off" lv-keyup="typing" lv-throttle="1000"> <button>Send</button></form>`
}`;
    },
  });
}
