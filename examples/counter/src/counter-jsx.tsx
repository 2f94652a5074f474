import { defineView } from '@kinetic/core';

/** A function component: a plain function returning JSX. */
const StepButton = ({ event, label }: { event: string; label: string }) => (
  // biome-ignore lint/a11y/useButtonType: the markup of counter.ts; no form to submit
  <button class="step" lv-click={event} aria-label={event}>
    {label}
  </button>
);

/**
 * The counter of counter.ts written in JSX: the same markup, state and events, under its own
 * view name; `buildApp(options, { jsx: true })` serves it.
 */
export const CounterJsx = defineView({
  name: 'CounterJsx',
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
  render: ({ count }) => (
    <main class="counter">
      <h1>Kinetic counter</h1>
      <p>
        This number lives on the server. Every click is an event over a WebSocket; the page receives
        only the digits that changed.
      </p>
      <div class="row">
        <StepButton event="dec" label="−" />
        <output id="count">{count}</output>
        <StepButton event="inc" label="+" />
      </div>
      {/* biome-ignore lint/a11y/useButtonType: the markup of counter.ts; no form to submit */}
      <button lv-click="reset" disabled={count === 0}>
        Reset
      </button>
    </main>
  ),
});
