import { defineView } from '@kinetic/core';

/** __Name__: a live view at __path__. Its state lives on the server, one per open page. */
export const __Name__ = defineView({
  name: '__Name__',
  mount: () => ({ presses: 0 }),
  events: {
    press: (_payload, socket) => {
      socket.update('presses', (presses) => presses + 1);
    },
  },
  title: () => '__Title__',
  render: ({ presses }) => (
    <section class="__kebab__">
      <h1>__Title__</h1>
      <p class="hint">Edit src/views/__kebab__.tsx: the state is what mount returns.</p>
      <div class="actions">
        <button type="button" class="primary" lv-click="press">
          Press
        </button>
        <span class="presses">
          Pressed {presses} {presses === 1 ? 'time' : 'times'}
        </span>
      </div>
    </section>
  ),
});
