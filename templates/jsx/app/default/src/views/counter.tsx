import { defineView } from '@kinetic/core';
import { WelcomeIntro, WelcomeNext } from './welcome.js';

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
  render: ({ count }) => (
    <div class="welcome">
      <WelcomeIntro />
      <section class="counter">
        <h1>Counter</h1>
        <p class="count">
          <output id="count">{count}</output>
        </p>
        <div class="buttons">
          <button type="button" lv-click="dec" aria-label="Decrement">
            −
          </button>
          <button type="button" lv-click="inc" aria-label="Increment">
            +
          </button>
          <button type="button" lv-click="reset" disabled={count === 0}>
            Reset
          </button>
        </div>
        <p class="hint">
          Edit <code>src/views/counter.tsx</code> while <code>kinetic dev</code> runs: the page
          shows the change and keeps the count.
        </p>
      </section>
      <WelcomeNext />
    </div>
  ),
});
