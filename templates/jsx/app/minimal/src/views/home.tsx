import { defineView } from '@kinetic/core';

/** The home page: a greeting that answers as you type. */
export const Home = defineView({
  name: 'Home',
  mount: () => ({ name: '' }),
  events: {
    greet: (payload, socket) => {
      socket.assign({ name: String(payload.value ?? '').trim() });
    },
  },
  render: ({ name }) => (
    <section>
      <h1>Hello, {name === '' ? 'world' : name}!</h1>
      <label>
        Your name <input name="name" lv-input="greet" autocomplete="off" />
      </label>
      <p class="hint">
        A Kinetic app with views in JSX: the server renders this page and keeps its state, the
        browser gets only what changed. Edit <code>src/views/home.tsx</code>; while{' '}
        <code>npm run dev</code> runs, the docs are at <code>/__kinetic/docs/</code>.
      </p>
    </section>
  ),
});
