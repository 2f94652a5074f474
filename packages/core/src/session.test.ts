import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ServerFrame } from '@kinetic/protocol';
import { afterEach, expect, it } from 'vitest';
import { defineView, html } from './index.js';
import {
  type Channel,
  LiveRuntime,
  newCsrfToken,
  VIEW_JOINED_CHANNEL,
  type ViewJoinedMessage,
} from './runtime/index.js';

const quiet = { error() {}, warn() {}, info() {} };
const Counter = defineView({
  name: 'Counter',
  mount: async () => {
    // A mount that takes a while, so requests behind the join must wait for it.
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { count: 0 };
  },
  events: {
    inc: (_payload, socket) => {
      socket.update('count', (n) => n + 1);
    },
  },
  render: ({ count }) => html`<p>${count}</p>`,
});

const closing: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((close) => close()));
});

/** A rendered page of Counter and a session attached for it, as a browser tab has. */
async function openTab() {
  const runtime = new LiveRuntime({
    secret: 'Session-Tests-Secret-0123456789-abcdef',
    logger: quiet,
  });
  runtime.route('/', Counter);
  const csrf = newCsrfToken();
  const url = new URL('http://localhost/');
  const page = await runtime.renderPage(Counter, url, {}, {}, csrf);
  const root = /id="([^"]+)"/.exec(page.html)?.[1];
  const token = /data-lv-token="([^"]+)"/.exec(page.html)?.[1] ?? '';
  const frames: ServerFrame[] = [];
  const channel: Channel = {
    send: (text) => {
      const message = JSON.parse(text) as ServerFrame | ServerFrame[];
      if (Array.isArray(message[0])) frames.push(...(message as ServerFrame[]));
      else frames.push(message as ServerFrame);
    },
    close() {},
  };
  const session = runtime.sessions.attach(channel, {
    sid: undefined,
    key: undefined,
    keyInUrl: false,
    ack: 0,
    csrfCookie: csrf,
    ip: '127.0.0.1',
    context: { headers: {} },
  });
  closing.push(() => session.close('leave'));
  const join = JSON.stringify(['j', 1, 1, { k: token, c: csrf, u: url.href, v: 1 }]);
  const answered = (ref: number) =>
    expect.poll(() => frames.find((f) => (f[0] === 'r' || f[0] === 'x') && f[1] === ref));
  return { runtime, root, session, frames, join, answered };
}

it('events sent right behind the join wait for its mount, and are answered in order', async () => {
  const tab = await openTab();
  tab.session.receive(tab.join);
  tab.session.receive(JSON.stringify(['e', 2, 1, 'inc', {}]));
  tab.session.receive(JSON.stringify(['e', 3, 1, 'inc', {}]));
  await tab.answered(3).toBeDefined();
  const answers = tab.frames.filter((f) => f[0] === 'r' || f[0] === 'x');
  expect(answers.map((f) => [f[0], f[1]])).toEqual([
    ['r', 1],
    ['r', 2],
    ['r', 3],
  ]);
});

it('a join is published with its runtime and page root, so a harness finds the instance', async () => {
  const seen: ViewJoinedMessage[] = [];
  const listener = (message: unknown) => seen.push(message as ViewJoinedMessage);
  subscribe(VIEW_JOINED_CHANNEL, listener);
  try {
    const tab = await openTab();
    tab.session.receive(tab.join);
    await tab.answered(1).toBeDefined();
    expect(seen.map((m) => [m.runtime, m.root, m.view, m.sid])).toEqual([
      [tab.runtime.id, tab.root, 'Counter', tab.session.sid],
    ]);
    expect(seen[0]?.instance.socket.assigns).toEqual({ count: 0 });
  } finally {
    unsubscribe(VIEW_JOINED_CHANNEL, listener);
  }
});

it('two runtimes in one process publish their joins under their own ids, for the same root id', async () => {
  const tab = await openTab();
  const other = await openTab();
  expect(other.root).toBe(tab.root);
  expect(other.runtime.id).not.toBe(tab.runtime.id);
  const seen: string[] = [];
  const listener = (message: unknown) => seen.push((message as ViewJoinedMessage).runtime);
  subscribe(VIEW_JOINED_CHANNEL, listener);
  try {
    other.session.receive(other.join);
    await other.answered(1).toBeDefined();
    tab.session.receive(tab.join);
    await tab.answered(1).toBeDefined();
  } finally {
    unsubscribe(VIEW_JOINED_CHANNEL, listener);
  }
  expect(seen).toEqual([other.runtime.id, tab.runtime.id]);
});
