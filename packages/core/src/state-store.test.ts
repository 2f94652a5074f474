import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { PROTOCOL_VERSION } from '@kinetic/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ViewErrorMessage } from './diagnostics.js';
import { VIEW_ERROR_CHANNEL } from './diagnostics.js';
import { type AnyView, html } from './index.js';
import { LiveRuntime, type ViewInstance } from './runtime/index.js';
import type { ViewStateStore } from './state-store.js';
import { defineView } from './view.js';

const SECRET = 'state-store-test-secret-0123456789-abcdef';
const CSRF = 'csrf-token-0123456789abcdef';

const Counter = defineView({
  name: 'Counter',
  mount: () => ({ count: 0, mounted: true }),
  events: {
    inc: (_p, socket) => {
      socket.update('count', (n) => n + 1);
    },
  },
  render: ({ count }) => html`<b>${`n${count}`}</b>`,
});

/**
 * Renders the page in one runtime and joins it in another with the same secret, as after a
 * restart of the process (`kinetic dev`), over a session as a transport would: the frames sent.
 */
async function joinPage(store?: ViewStateStore) {
  const before = new LiveRuntime({ secret: SECRET });
  before.route('/', Counter);
  const page = await before.renderPage(Counter, new URL('http://localhost/'), {}, {}, CSRF);
  const runtime = new LiveRuntime({ secret: SECRET, ...(store ? { stateStore: store } : {}) });
  runtime.route('/', Counter);
  const token = /data-lv-token="([^"]+)"/.exec(page.html)?.[1] as string;
  const frames: string[] = [];
  const session = runtime.sessions.attach(
    { send: (frame: string) => frames.push(frame), close: () => {} },
    {
      sid: undefined,
      key: undefined,
      keyInUrl: false,
      ack: 0,
      csrfCookie: CSRF,
      ip: undefined,
      context: { headers: {} },
    },
  );
  const join = ['j', 1, 1, { k: token, c: CSRF, u: 'http://localhost/', v: PROTOCOL_VERSION }];
  session.receive(JSON.stringify(join));
  await vi.waitFor(() => expect(frames.join()).toContain('"r",1'));
  return { token, frames, session };
}

describe('a ViewStateStore', () => {
  it('puts saved assigns over what mount returned when the page joins', async () => {
    const joined: Array<[string, ViewInstance]> = [];
    const asked: string[] = [];
    const store: ViewStateStore = {
      saved: (token) => {
        asked.push(token);
        return { count: 41 };
      },
      joined: (token, instance) => joined.push([token, instance]),
    };
    const { token, frames, session } = await joinPage(store);
    expect(frames.join()).toContain('"n41"');
    expect(joined).toHaveLength(1);
    const [joinedToken, instance] = joined[0] as [string, ViewInstance];
    expect(joinedToken).toBe(token);
    expect(asked).toEqual([token]);
    // mount still ran (its other assigns are there); the saved count won.
    expect(instance.socket.state).toEqual({ count: 41, mounted: true });
    session.receive(JSON.stringify(['e', 2, 1, 'inc']));
    await vi.waitFor(() => expect(instance.socket.state.count).toBe(42));
  });

  it('changes nothing when it has no state for the token', async () => {
    const { frames } = await joinPage({ saved: () => undefined, joined: () => {} });
    expect(frames.join()).toContain('"n0"');
  });

  it('is optional: without one a join mounts afresh', async () => {
    const { frames } = await joinPage();
    expect(frames.join()).toContain('"n0"');
  });
});

describe('the view error channel', () => {
  const seen: ViewErrorMessage[] = [];
  const listener = (message: unknown) => seen.push(message as ViewErrorMessage);
  afterEach(() => {
    unsubscribe(VIEW_ERROR_CHANNEL, listener);
    seen.length = 0;
  });

  const render = (view: AnyView) => {
    const runtime = new LiveRuntime({ secret: SECRET });
    runtime.route('/', view);
    return runtime.renderPage(view, new URL('http://localhost/'), {}, {}, CSRF);
  };

  it('tells subscribers which view failed in mount, and why', async () => {
    subscribe(VIEW_ERROR_CHANNEL, listener);
    const Broken = defineView({
      name: 'BrokenMount',
      mount: (): { rows: number } => {
        throw new Error('no database');
      },
      render: () => html`<p></p>`,
    });
    await expect(render(Broken)).rejects.toThrow(/KN_ERR_VIEW_MOUNT/);
    expect(seen.map((m) => [m.view, m.phase, (m.error.cause as Error).message])).toEqual([
      ['BrokenMount', 'mount', 'no database'],
    ]);
  });

  it('reports a render failure once, as a render failure', async () => {
    subscribe(VIEW_ERROR_CHANNEL, listener);
    const Broken = defineView({
      name: 'BrokenRender',
      mount: () => ({}),
      render: () => {
        throw new Error('typo');
      },
    });
    await expect(render(Broken)).rejects.toThrow(/KN_ERR_VIEW_RENDER/);
    expect(seen.map((m) => [m.view, m.phase, m.error.code])).toEqual([
      ['BrokenRender', 'render', 'KN_ERR_VIEW_RENDER'],
    ]);
  });
});
