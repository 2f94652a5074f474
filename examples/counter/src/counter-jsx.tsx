import { defineView } from '@kinetic/core';
import { Counter } from './counter.js';

/** A function component: a plain function returning JSX. */
const StepButton = ({ event, label }: { event: string; label: string }) => (
  // biome-ignore lint/a11y/useButtonType: the markup of counter.ts; no form to submit
  <button class="step" lv-click={event} aria-label={event}>
    {label}
  </button>
);

/**
 * The counter of counter.ts with its template written in JSX: the same markup, state and
 * events, under its own view name; `buildApp(options, { jsx: true })` serves it.
 */
export const CounterJsx = defineView({
  // The state, events and title of counter.ts: only the template is written again.
  ...Counter,
  name: 'CounterJsx',
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
