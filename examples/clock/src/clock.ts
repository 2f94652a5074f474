import { defineView, html } from '@kinetic/core';

const format = (date: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(date);

const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo'];

/** Server push: a timer ticks every second and each tick becomes a diff of a few bytes. */
export const Clock = defineView({
  name: 'Clock',
  mount: (_params, _session, socket) => {
    if (socket.connected) socket.every(1000, 'tick');
    return { now: new Date(), zone: 'UTC', ticks: 0 };
  },
  events: {
    zone: (payload, socket) => {
      const zone = String(payload.zone);
      if (ZONES.includes(zone)) socket.assign({ zone });
    },
  },
  handleInfo: (_message: 'tick', socket) => {
    socket.assign({ now: new Date() });
    socket.update('ticks', (n) => n + 1);
  },
  render: ({ now, zone, ticks }) => html`<main>
    <h1>Clock</h1>
    <p><time id="time" datetime="${now.toISOString()}">${format(now, zone)}</time></p>
    <p>${ZONES.map((z) => html`<button lv-click="zone" lv-value-zone="${z}" aria-pressed="${z === zone ? 'true' : 'false'}">${z}</button> `)}</p>
    <p class="meta">Server pushes so far: <span id="ticks">${ticks}</span></p>
  </main>`,
});
