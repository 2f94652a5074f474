/** @jsxImportSource @kinetic/core */
// A real view in JSX, served by src/server.test.ts next to its html twin.
import { defineComponent, defineView, LiveComponent, LiveRender } from '@kinetic/core';

interface Item {
  readonly id: number;
  readonly label: string;
}

const Badge = ({ n }: { n: number }) => <span class="badge">{n}</span>;

export const JsxCounter = defineView({
  name: 'JsxCounter',
  mount: () => ({ count: 0, items: [] as Item[] }),
  events: {
    inc: (_p, socket) => {
      socket.update('count', (n) => n + 1);
    },
    add: (_p, socket) => {
      socket.update('items', (items) => [
        { id: items.length + 1, label: `item ${items.length + 1}` },
        ...items,
      ]);
    },
  },
  render: ({ count, items }) => (
    <div id="counter">
      <button type="button" lv-click="inc">
        Clicked {count} times <Badge n={count} />
      </button>
      <button type="button" lv-click="add">
        Add
      </button>
      <ul>
        {items.map((item) => (
          <li key={item.id}>{item.label}</li>
        ))}
      </ul>
    </div>
  ),
});

/** A live component written in JSX: its own state and events, addressed with lv-target. */
export const JsxToggle = defineComponent({
  name: 'Toggle',
  mount: () => ({ on: false }),
  events: {
    flip: (_p, socket) => {
      socket.update('on', (on) => !on);
    },
  },
  render: ({ on }) => (
    <button type="button" lv-click="flip" lv-target="toggle" class={on ? 'on' : 'off'}>
      {on ? 'on' : 'off'}
    </button>
  ),
});

export const JsxNote = defineView({
  name: 'Note',
  mount: () => ({ text: 'nested' }),
  render: ({ text }) => <em>{text}</em>,
});

/** A view holding a live component and a nested live view, as JSX tags. */
export const JsxPanel = defineView({
  name: 'Panel',
  mount: () => ({ ticks: 0 }),
  events: {
    tick: (_p, socket) => {
      socket.update('ticks', (n) => n + 1);
    },
  },
  render: ({ ticks }) => (
    <section>
      <b>{ticks}</b>
      <LiveComponent component={JsxToggle} id="toggle" />
      <aside>
        <LiveRender view={JsxNote} id="note" />
      </aside>
    </section>
  ),
});
