import { defineView, html } from '@kinetic/core';

/** A function component: a plain function returning a template. */
const stepButton = (event: string, label: string) =>
  html`<button class="step" lv-click="${event}" aria-label="${event}">${label}</button>`;

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
  title: ({ count }) => `Counter: ${count}`,
  render: ({ count }) => html`<main class="counter">
    <h1>Kinetic counter</h1>
    <p>This number lives on the server. Every click is an event over a WebSocket; the page
      receives only the digits that changed.</p>
    <div class="row">
      ${stepButton('dec', '−')}
      <output id="count">${count}</output>
      ${stepButton('inc', '+')}
    </div>
    <button lv-click="reset" disabled=${count === 0}>Reset</button>
  </main>`,
});
