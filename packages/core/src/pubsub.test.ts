import { html } from '@kinetic/diff';
import { describe, expect, it } from 'vitest';
import { KineticError } from './errors.js';
import { type InstanceHost, ViewInstance } from './instance.js';
import { MemoryPubSub, PubSub, type PubSubAdapter } from './pubsub.js';
import { defineView } from './view.js';

const logged: string[] = [];
const log = {
  error: (_o: object, message: string) => void logged.push(`error ${message}`),
  warn: (_o: object, message: string) => void logged.push(`warn ${message}`),
  info: () => {},
};
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('PubSub', () => {
  it('subscribes the adapter once per topic, fans out to every listener, unsubscribes with the last', async () => {
    const calls: string[] = [];
    const memory = new MemoryPubSub();
    const adapter: PubSubAdapter = {
      subscribe: (topic, deliver) => {
        calls.push(`subscribe ${topic}`);
        memory.subscribe(topic, deliver);
      },
      unsubscribe: (topic) => {
        calls.push(`unsubscribe ${topic}`);
        memory.unsubscribe(topic);
      },
      publish: (topic, payload) => memory.publish(topic, payload),
    };
    const pubsub = new PubSub({ adapter, log });
    const got: unknown[] = [];
    const stopA = pubsub.subscribe('t', (m) => got.push(['a', m]));
    const stopB = pubsub.subscribe('t', (m) => got.push(['b', m]));
    await pubsub.broadcast('t', { n: new Date(0) });
    await tick();
    expect(got).toEqual([
      ['a', { n: new Date(0) }],
      ['b', { n: new Date(0) }],
    ]);
    stopA();
    stopB();
    expect(calls).toEqual(['subscribe t', 'unsubscribe t']);
  });

  it("a listener's exception is logged and the other listeners still get the message", async () => {
    const pubsub = new PubSub({ log });
    const got: unknown[] = [];
    pubsub.subscribe('t', () => {
      throw new Error('listener bug');
    });
    pubsub.subscribe('t', (m) => got.push(m));
    await pubsub.broadcast('t', 'hello');
    await tick();
    expect(got).toEqual(['hello']);
    expect(logged).toContain('error a listener of "t" threw');
  });

  it("an adapter's failure is logged, never thrown at the broadcaster", async () => {
    const failing: PubSubAdapter = {
      subscribe: () => {},
      unsubscribe: () => {},
      publish: async () => {
        throw new Error('redis is down');
      },
    };
    const pubsub = new PubSub({ adapter: failing, log });
    await expect(pubsub.broadcast('t', 1)).resolves.toBeUndefined();
    expect(logged.some((l) => l.includes('pubsub failed broadcasting to "t": redis is down'))).toBe(
      true,
    );
  });
});

describe('a view without pubsub', () => {
  it('broadcasting fails its step with KN_ERR_NO_PUBSUB', async () => {
    const View = defineView({
      name: 'Lonely',
      mount: () => ({}),
      events: { shout: (_p, socket) => socket.broadcast('t', 'hello?') },
      render: () => html`<p>alone</p>`,
    });
    const host: InstanceHost = {
      connected: true,
      log,
      matchParams: () => ({}),
      deliver: () => {},
      fail: () => {},
    };
    const instance = new ViewInstance(View, host, new URL('http://localhost/'));
    await instance.mount({}, {});
    const failure = await instance.event('shout', {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KineticError);
    expect((failure as KineticError).code).toBe('KN_ERR_NO_PUBSUB');
    // The view is unharmed: it still renders.
    expect(instance.render()).toBeTruthy();
  });
});
