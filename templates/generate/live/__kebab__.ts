import { defineView, html } from '@kinetic/core';

/** __Name__: a live view at __path__. Its state lives on the server, one per open page. */
export const __Name__ = defineView({
  name: '__Name__',
  mount: () => ({ notes: [] as string[] }),
  events: {
    add: (payload, socket) => {
      const text = String(payload.text ?? '').trim();
      if (text !== '') socket.update('notes', (notes) => [...notes, text]);
    },
    clear: (_payload, socket) => {
      socket.assign({ notes: [] });
    },
  },
  title: () => '__Title__',
  render: ({ notes }) => html`<section class="__kebab__">
    <h1>__Title__</h1>
    <form lv-submit="add" class="actions">
      <input name="text" placeholder="Write a note" autocomplete="off" aria-label="Note">
      <button class="primary">Add</button>
    </form>
    <ul>${notes.map((note) => html`<li>${note}</li>`)}</ul>
    <button lv-click="clear" disabled=${notes.length === 0}>Clear</button>
  </section>`,
});
