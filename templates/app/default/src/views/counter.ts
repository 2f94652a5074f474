import { defineView, html } from '@kinetic/core';
import { welcomeIntro, welcomeNext } from './welcome.js';

/**
 * A counter. The count lives on the server; each click is an event over the live
 * connection, and the page receives only the digits that changed.
 */
export const Counter = defineView({
  name: 'Counter',
  mount: () => ({ count: 0 }),
  events: {
    inc: (_payload, socket) => {
      socket.update('count', (n) => n + 1);
    },
    dec: (_payload, socket) => {
      socket.update('count', (n) => n - 1);
    },
    reset: (_payload, socket) => {
      socket.assign({ count: 0 });
    },
  },
  title: ({ count }) => `Count: ${count}`,
  render: ({ count }) => html`<div class="welcome">
    ${welcomeIntro()}
    <section class="counter">
      <h1>Counter</h1>
      <p class="count"><output id="count">${count}</output></p>
      <div class="buttons">
        <button lv-click="dec" aria-label="Decrement">−</button>
        <button lv-click="inc" aria-label="Increment">+</button>
        <button lv-click="reset" disabled=${count === 0}>Reset</button>
      </div>
      <p class="hint">Edit <code>src/views/counter.ts</code> while <code>kinetic dev</code> runs:
        the page shows the change and keeps the count.</p>
    </section>
    ${welcomeNext()}
  </div>`,
});
