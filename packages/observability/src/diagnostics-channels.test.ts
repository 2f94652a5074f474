import { channel, type TracingChannelSubscribers, tracingChannel } from 'node:diagnostics_channel';
import { defineView, html } from '@kinetic/core';
import { LiveClient, loadPage } from '@kinetic/testing/wire';
import { kinetic } from '@kinetic/transport';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';

// The runtime publishes its lifecycle on node:diagnostics_channel by itself, for tools that
// subscribe without a plugin (an APM agent). No plugin is registered here.

const SECRET = 'channels-test-secret-0123456789-0123456789-abc';

const Counter = defineView({
  name: 'Counter',
  mount: () => ({ count: 0 }),
  events: {
    inc: (_p, socket) => {
      socket.update('count', (n: number) => n + 1);
    },
    fail: () => {
      throw new Error('handler exploded');
    },
  },
  render: ({ count }) => html`<p>Count: <b>${count}</b></p>`,
});

const STEPS = [
  'kinetic.join',
  'kinetic.view.mount',
  'kinetic.view.event',
  'kinetic.view.info',
  'kinetic.view.params',
  'kinetic.view.render',
  'kinetic.view.diff',
] as const;

const MOMENTS = [
  'kinetic.connect',
  'kinetic.reconnect',
  'kinetic.disconnect',
  'kinetic.leave',
  'kinetic.patch',
  'kinetic.error',
  'kinetic.refuse',
  'kinetic.panic',
  'kinetic.shutdown',
] as const;

type Message = Record<string, unknown>;

/** What tells one publication from another: the view, the event, how the step ended. */
function describeMessage(message: Message): string {
  const parts: string[] = [];
  if (typeof message.view === 'string') parts.push(message.view);
  if (typeof message.event === 'string') parts.push(message.event);
  if (typeof message.connected === 'boolean') parts.push(message.connected ? 'live' : 'http');
  if (typeof message.reason === 'string') parts.push(message.reason);
  if (typeof message.code === 'string') parts.push(message.code);
  const step = message.step as Message | undefined;
  if (step !== undefined) parts.push(`in ${step.kind}`);
  return parts.join(' ');
}

/** Subscribes to every channel; each publication is one line, in order, with its message. */
function listen() {
  const log: string[] = [];
  const messages: Array<[string, Message]> = [];
  const record = (name: string) => (message: unknown) => {
    const described = describeMessage(message as Message);
    log.push(described === '' ? name : `${name} ${described}`);
    messages.push([name, message as Message]);
  };
  const undo: Array<() => void> = [];
  for (const step of STEPS) {
    const tc = tracingChannel(step);
    const subscribers: TracingChannelSubscribers<object> = {
      start: record(`${step}:start`),
      end: record(`${step}:end`),
      asyncStart: record(`${step}:asyncStart`),
      asyncEnd: record(`${step}:asyncEnd`),
      error: record(`${step}:error`),
    };
    tc.subscribe(subscribers);
    undo.push(() => tc.unsubscribe(subscribers));
  }
  for (const moment of MOMENTS) {
    const listener = record(moment);
    channel(moment).subscribe(listener);
    undo.push(() => channel(moment).unsubscribe(listener));
  }
  return {
    log,
    messages,
    /** The lines since `mark`. */
    since: (mark: number) => log.slice(mark),
    /** Waits until `predicate` holds: moments after an answer are published once it has left. */
    until: async (predicate: () => boolean): Promise<void> => {
      const deadline = Date.now() + 3_000;
      while (!predicate()) {
        if (Date.now() > deadline)
          throw new Error(`timed out; published so far: ${log.join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    stop: () => {
      for (const fn of undo) fn();
    },
  };
}

const apps: FastifyInstance[] = [];
let stop: (() => void) | undefined;

afterEach(async () => {
  stop?.();
  stop = undefined;
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function start() {
  const app = Fastify();
  await app.register(kinetic, { secret: SECRET });
  app.live('/counter', Counter);
  await app.listen({ port: 0, host: '127.0.0.1' });
  apps.push(app);
  const { port } = app.server.address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

describe('diagnostics channels, with no plugin registered', () => {
  it('a render, a join, an event, a failing event and a disconnect are published in order', async () => {
    const channels = listen();
    stop = channels.stop;
    const base = await start();

    // The HTTP render: the mount's start and end (its body returned a promise), the render
    // inside it, then the mount settles.
    const page = await loadPage(base, '/counter');
    expect(channels.log).toEqual([
      'kinetic.view.mount:start Counter http',
      'kinetic.view.mount:end Counter http',
      'kinetic.view.render:start Counter in mount',
      'kinetic.view.render:end Counter in mount',
      'kinetic.view.render:asyncStart Counter in mount',
      'kinetic.view.render:asyncEnd Counter in mount',
      'kinetic.view.mount:asyncStart Counter http',
      'kinetic.view.mount:asyncEnd Counter http',
    ]);

    // (kinetic.connect is the next test's.)
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();

    // The join takes the HTTP render's instance over: no second mount.
    let mark = channels.log.length;
    await client.join(page, 1, '/counter');
    await channels.until(() => channels.log.at(-1)?.startsWith('kinetic.join:asyncEnd') === true);
    expect(channels.since(mark)).toEqual([
      'kinetic.join:start Counter',
      'kinetic.join:end Counter',
      'kinetic.join:asyncStart Counter',
      'kinetic.join:asyncEnd Counter',
    ]);

    mark = channels.log.length;
    await client.event(1, 'inc');
    await channels.until(() => channels.log.at(-1)?.startsWith('kinetic.patch') === true);
    expect(channels.since(mark)).toEqual([
      'kinetic.view.event:start Counter inc',
      'kinetic.view.event:end Counter inc',
      'kinetic.view.render:start Counter in event',
      'kinetic.view.render:end Counter in event',
      'kinetic.view.render:asyncStart Counter in event',
      'kinetic.view.render:asyncEnd Counter in event',
      'kinetic.view.diff:start Counter in event',
      'kinetic.view.diff:end Counter in event',
      'kinetic.view.diff:asyncStart Counter in event',
      'kinetic.view.diff:asyncEnd Counter in event',
      'kinetic.view.event:asyncStart Counter inc',
      'kinetic.view.event:asyncEnd Counter inc',
      'kinetic.patch Counter',
    ]);

    // A failing event: the tracing channel's error, then the moment on kinetic.error.
    mark = channels.log.length;
    const failed = await client.event(1, 'fail');
    expect(failed[2]).toBe('KN_ERR_VIEW_HANDLER');
    await channels.until(() => channels.log.at(-1)?.startsWith('kinetic.error') === true);
    expect(channels.since(mark)).toEqual([
      'kinetic.view.event:start Counter fail',
      'kinetic.view.event:end Counter fail',
      'kinetic.view.event:error Counter fail',
      'kinetic.view.event:asyncStart Counter fail',
      'kinetic.view.event:asyncEnd Counter fail',
      'kinetic.error Counter KN_ERR_VIEW_HANDLER',
    ]);

    mark = channels.log.length;
    client.kill();
    await channels.until(() => channels.log.length > mark);
    expect(channels.since(mark)).toEqual(['kinetic.disconnect closed']);

    // What the messages are: the hook contexts, the same object through a step.
    const of = (name: string) => channels.messages.filter(([n]) => n === name).map(([, m]) => m);
    const [started, ...rest] = of('kinetic.view.event:start');
    expect(of('kinetic.view.event:asyncEnd')[0]).toBe(started);
    expect(started).toMatchObject({
      kind: 'event',
      view: 'Counter',
      event: 'inc',
      target: undefined,
    });
    const session = started?.session as { id: string; transport: string };
    expect(session.transport).toBe('websocket');
    expect(session.id).toMatch(/^[\w-]{8}$/);
    expect(session.id).not.toBe(client.sid);
    expect(typeof started?.durationMs).toBe('number');
    // The failing step's context carries the error, its code the KN_ERR code.
    const [errored] = of('kinetic.view.event:error');
    expect(errored).toBe(rest[0]);
    expect(errored?.error).toMatchObject({ code: 'KN_ERR_VIEW_HANDLER' });
    const [error] = of('kinetic.error');
    expect(error).toMatchObject({ code: 'KN_ERR_VIEW_HANDLER', view: 'Counter' });
    expect(error?.session).toBe(session);
    const [disconnected] = of('kinetic.disconnect');
    expect(disconnected).toMatchObject({ reason: 'closed' });
    expect(disconnected?.session).toBe(session);
    const [patched] = of('kinetic.patch');
    expect(patched).toMatchObject({ view: 'Counter' });
    expect(patched?.bytes).toBeGreaterThan(0);
    const [render] = of('kinetic.view.render:start').slice(-1);
    expect(render?.step).toBe(started);
  });

  it('a connection is published on kinetic.connect, its resume on kinetic.reconnect', async () => {
    const channels = listen();
    stop = channels.stop;
    const base = await start();
    const page = await loadPage(base, '/counter');
    const client = new LiveClient(base, 'websocket', page.cookie);
    let mark = channels.log.length;
    // Published as the session attaches, before the hello goes out.
    await client.connect();
    expect(channels.since(mark)).toEqual(['kinetic.connect']);

    mark = channels.log.length;
    client.kill();
    await channels.until(() => channels.log.length > mark);
    const [, , resumed] = await client.connect();
    expect(resumed).toBe(1);
    expect(channels.since(mark)).toEqual(['kinetic.disconnect closed', 'kinetic.reconnect']);
    const sessions = channels.messages
      .filter(([name]) => !name.startsWith('kinetic.view'))
      .map(([, message]) => message.session);
    // One session throughout: the same SessionInfo object on every moment.
    expect(new Set(sessions).size).toBe(1);
    await client.close();
  });

  it('publishes nothing once unsubscribed', async () => {
    const channels = listen();
    channels.stop();
    const base = await start();
    const page = await loadPage(base, '/counter');
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    await client.join(page, 1, '/counter');
    await client.event(1, 'inc');
    await client.close();
    expect(channels.log).toEqual([]);
    for (const step of STEPS) expect(tracingChannel(step).hasSubscribers).toBe(false);
  });
});
