import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, expect, it } from 'vitest';
import { VIEW_ERROR_CHANNEL, type ViewErrorMessage } from './diagnostics.js';
import { html } from './index.js';
import { type InstanceHost, ViewInstance } from './instance.js';
import { defineView } from './view.js';

const seen: ViewErrorMessage[] = [];
const listener = (message: unknown) => seen.push(message as ViewErrorMessage);
subscribe(VIEW_ERROR_CHANNEL, listener);
afterEach(() => {
  seen.length = 0;
});
process.on('exit', () => unsubscribe(VIEW_ERROR_CHANNEL, listener));

const quiet = { error() {}, warn() {}, info() {} };
const host: InstanceHost = {
  connected: true,
  log: quiet,
  matchParams: () => ({}),
  deliver: () => {},
  fail: () => {},
};

const View = defineView({
  name: 'Broken',
  mount: () => ({ broken: false }),
  events: {
    breakRender: (_p, socket) => {
      socket.assign({ broken: true });
    },
  },
  render: ({ broken }) => {
    if (broken) throw new Error('render broke');
    return html`<p>fine</p>`;
  },
});

async function mounted() {
  const instance = new ViewInstance(View, host, new URL('http://localhost/'));
  await instance.mount({}, {});
  return instance;
}

it('an unknown event is published, so the dev overlay shows it', async () => {
  const instance = await mounted();
  await expect(instance.event('incc', {})).rejects.toMatchObject({ code: 'KN_ERR_UNKNOWN_EVENT' });
  expect(seen.map((m) => [m.view, m.phase, m.error.code])).toEqual([
    ['Broken', 'handler', 'KN_ERR_UNKNOWN_EVENT'],
  ]);
});

it('a render failure inside a step is published once', async () => {
  const instance = await mounted();
  await expect(instance.event('breakRender', {})).rejects.toMatchObject({
    code: 'KN_ERR_VIEW_RENDER',
  });
  expect(seen.map((m) => [m.phase, m.error.code])).toEqual([['render', 'KN_ERR_VIEW_RENDER']]);
});
