import { defineView, html } from '@kinetic/core';

/** The home page: a greeting that answers as you type. */
export const Home = defineView({
  name: 'Home',
  mount: () => ({ name: '' }),
  events: {
    greet: (payload, socket) => {
      socket.assign({ name: String(payload.value ?? '').trim() });
    },
  },
  render: ({ name }) => html`<section>
    <h1>Hello, ${name === '' ? 'world' : name}!</h1>
    <label>Your name <input name="name" lv-input="greet" autocomplete="off"></label>
  </section>`,
});
