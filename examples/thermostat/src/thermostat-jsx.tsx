import { defineComponent, defineView, live } from '@kinetic/core';
import { Thermostat } from './thermostat.js';

type Mode = 'heat' | 'cool' | 'off';
const MIN = 10;
const MAX = 30;
const MODES: readonly Mode[] = ['heat', 'cool', 'off'];

/** A function component: the temperature as a bar. */
const Gauge = ({ temperature }: { temperature: number }) => (
  // biome-ignore lint/a11y/useSemanticElements: the markup of thermostat.ts, a styled bar
  <div
    class="gauge"
    role="meter"
    aria-valuenow={temperature}
    aria-valuemin={MIN}
    aria-valuemax={MAX}
  >
    <span style={`width: ${Math.round(((temperature - MIN) / (MAX - MIN)) * 100)}%`}></span>
  </div>
);

/**
 * The mode selector of thermostat.ts in JSX: a live component with its own state and events
 * (lv-target), telling the view when the mode changes.
 */
const ModeSelectorJsx = defineComponent({
  name: 'ModeSelectorJsx',
  mount: (props: { initial: Mode }) => ({ mode: props.initial }),
  events: {
    pick: (payload, socket) => {
      const mode = payload.mode;
      if (mode !== 'heat' && mode !== 'cool' && mode !== 'off') return;
      socket.assign({ mode });
      socket.sendParent({ mode });
    },
  },
  render: ({ mode, myself }) => (
    // biome-ignore lint/a11y/useSemanticElements: the markup of thermostat.ts, a row of buttons
    <div class="modes" role="group" aria-label="Mode">
      {MODES.map((m) => (
        // biome-ignore lint/a11y/useButtonType: the markup of thermostat.ts; no form to submit
        <button
          lv-click="pick"
          lv-value-mode={m}
          lv-target={myself}
          aria-pressed={m === mode ? 'true' : 'false'}
        >
          {m}
        </button>
      ))}
    </div>
  ),
});

/**
 * The thermostat of thermostat.ts written in JSX, under its own view name; `buildApp(options,
 * { jsx: true })` serves it.
 */
export const ThermostatJsx = defineView({
  // The state, events and title of thermostat.ts: only the template is written again.
  ...Thermostat,
  name: 'ThermostatJsx',
  render: ({ temperature, mode }) => (
    <main lv-window-keydown="key">
      <h1>Thermostat</h1>
      <p class="temp">
        <span id="temperature">{temperature}</span>°C <small id="mode">{mode}</small>
      </p>
      <Gauge temperature={temperature} />
      <p>
        {/* biome-ignore lint/a11y/useButtonType: the markup of thermostat.ts; no form to submit */}
        <button lv-click="adjust" lv-value-by="-1" aria-label="colder">
          −
        </button>
        {/* biome-ignore lint/a11y/useButtonType: as above */}
        <button lv-click="adjust" lv-value-by="1" aria-label="warmer">
          +
        </button>
        <label>
          Set to{' '}
          <input id="setpoint" type="number" min={MIN} max={MAX} lv-keydown="set" lv-key="Enter" />
        </label>
      </p>
      {live(ModeSelectorJsx, { id: 'mode', initial: 'heat' })}
      <p>Use the arrow keys anywhere on the page, too.</p>
    </main>
  ),
});
