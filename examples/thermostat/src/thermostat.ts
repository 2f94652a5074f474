import { defineComponent, defineView, html, live } from '@kinetic/core';

type Mode = 'heat' | 'cool' | 'off';
const MIN = 10;
const MAX = 30;
const clamp = (t: number) => Math.min(MAX, Math.max(MIN, t));

/** A function component: the temperature as a bar. */
const gauge = (temperature: number) =>
  html`<div class="gauge" role="meter" aria-valuenow="${temperature}" aria-valuemin="${MIN}" aria-valuemax="${MAX}">
    <span style="width: ${Math.round(((temperature - MIN) / (MAX - MIN)) * 100)}%"></span>
  </div>`;

/**
 * A live component: the mode selector keeps its own state and handles its own events
 * (lv-target), and tells the view when the mode changes.
 */
const ModeSelector = defineComponent({
  name: 'ModeSelector',
  mount: (props: { initial: Mode }) => ({ mode: props.initial }),
  events: {
    pick: (payload, socket) => {
      const mode = payload.mode;
      if (mode !== 'heat' && mode !== 'cool' && mode !== 'off') return;
      socket.assign({ mode });
      socket.sendParent({ mode });
    },
  },
  render: ({ mode, myself }) => html`<div class="modes" role="group" aria-label="Mode">
    ${(['heat', 'cool', 'off'] as const).map(
      (m) =>
        html`<button lv-click="pick" lv-value-mode="${m}" lv-target="${myself}" aria-pressed="${m === mode ? 'true' : 'false'}">${m}</button>`,
    )}
  </div>`,
});

export const Thermostat = defineView({
  name: 'Thermostat',
  mount: () => ({ temperature: 21, mode: 'heat' as Mode }),
  events: {
    /** Buttons send lv-value-by="1" or "-1". */
    adjust: (payload, socket) => {
      const by = Number(payload.by);
      if (!Number.isFinite(by)) return;
      socket.update('temperature', (t) => clamp(t + by));
    },
    /** Arrow keys anywhere on the page (lv-window-keydown). */
    key: (payload, socket) => {
      if (payload.key === 'ArrowUp') socket.update('temperature', (t) => clamp(t + 1));
      if (payload.key === 'ArrowDown') socket.update('temperature', (t) => clamp(t - 1));
    },
    /** Enter in the set-point field (lv-keydown with lv-key="Enter"). */
    set: (payload, socket) => {
      const value = Number(payload.value);
      if (Number.isFinite(value)) socket.assign({ temperature: clamp(Math.round(value)) });
    },
  },
  handleInfo: (message: { mode: Mode }, socket) => {
    socket.assign({ mode: message.mode });
  },
  title: ({ temperature }) => `Thermostat: ${temperature}°C`,
  render: ({ temperature, mode }) => html`<main lv-window-keydown="key">
    <h1>Thermostat</h1>
    <p class="temp"><span id="temperature">${temperature}</span>°C <small id="mode">${mode}</small></p>
    ${gauge(temperature)}
    <p>
      <button lv-click="adjust" lv-value-by="-1" aria-label="colder">−</button>
      <button lv-click="adjust" lv-value-by="1" aria-label="warmer">+</button>
      <label>Set to <input id="setpoint" type="number" min="${MIN}" max="${MAX}" lv-keydown="set" lv-key="Enter"></label>
    </p>
    ${live(ModeSelector, { id: 'mode', initial: 'heat' })}
    <p>Use the arrow keys anywhere on the page, too.</p>
  </main>`,
});
