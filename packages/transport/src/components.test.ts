// Live components over a real connection: update(props) runs when the parent renders the
// component with (shallowly) different props and not otherwise, a catch-all handleEvent
// gets the events with no named handler, and an event nobody handles is an error the view
// survives.
import { defineComponent, defineView, html, live } from '@kinetic/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveClient, loadPage } from '../test/live-client.js';
import { kinetic } from './index.js';

const SECRET = 'components-test-secret-Gh5t-3Lp8-Vx2q-Ns7d-Kw9c';

/** Props each update() got, and events each handler got, in order. */
let updates: Array<Record<string, unknown>> = [];
let caught: Array<[event: string, payload: unknown]> = [];

const Tag = defineComponent({
  name: 'Tag',
  mount: () => ({ renames: 0, last: 'none' }),
  update: (props: { label: string }, socket) => {
    updates.push({ ...props });
    socket.update('renames', (n) => n + 1);
  },
  events: {
    named: (_p, socket) => {
      socket.assign({ last: 'named' });
    },
  },
  handleEvent: (event, payload, socket) => {
    caught.push([event, payload]);
    socket.assign({ last: `caught ${event}` });
  },
  render: ({ label, renames, last }) =>
    html`<span>${label} renamed ${renames}, last ${last}</span>`,
});

/** Handles only what it names. */
const Plain = defineComponent({
  name: 'Plain',
  mount: () => ({ on: false }),
  events: {
    flip: (_p, socket) => {
      socket.update('on', (on) => !on);
    },
  },
  render: ({ on }) => html`<i>${on ? 'on' : 'off'}</i>`,
});

const Panel = defineView({
  name: 'Panel',
  mount: () => ({ label: 'A', ticks: 0 }),
  events: {
    rename: (payload, socket) => {
      socket.assign({ label: String(payload.to) });
    },
    tick: (_p, socket) => {
      socket.update('ticks', (n) => n + 1);
    },
  },
  render: ({ label, ticks }) =>
    html`<b>${ticks}</b>${live(Tag, { id: 'tag', label })}${live(Plain, { id: 'plain' })}`,
});

const apps: FastifyInstance[] = [];
beforeEach(() => {
  updates = [];
  caught = [];
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function joinedPanel() {
  const app = Fastify();
  await app.register(kinetic, { secret: SECRET });
  app.live('/panel', Panel);
  await app.listen({ port: 0, host: '127.0.0.1' });
  apps.push(app);
  const { port } = app.server.address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  const page = await loadPage(base, '/panel');
  const client = new LiveClient(base, 'websocket', page.cookie);
  await client.connect();
  expect((await client.join(page, 1, '/panel'))[0]).toBe('r');
  return client;
}

/** An event for a live component, as `lv-target` sends it. */
const toComponent = (client: LiveClient, target: string, event: string, payload = {}) =>
  client.request(['e', 1, event, payload, target]);

describe('update(props)', () => {
  it('runs when the parent renders the component with other props, not when they are the same', async () => {
    const client = await joinedPanel();
    expect(client.html(1)).toContain('<span>A renamed 0, last none</span>');

    // The parent renders again with the same props: no update, the component's HTML stays.
    await client.event(1, 'tick');
    await client.event(1, 'tick');
    expect(client.html(1)).toContain('<b>2</b>');
    expect(updates).toEqual([]);

    await client.event(1, 'rename', { to: 'B' });
    expect(updates).toEqual([{ label: 'B' }]);
    // What update() assigned is rendered with the new props.
    expect(client.html(1)).toContain('<span>B renamed 1, last none</span>');

    // Equal props again, even after the change: no second update.
    await client.event(1, 'tick');
    await client.event(1, 'rename', { to: 'B' });
    expect(updates).toEqual([{ label: 'B' }]);
    await client.event(1, 'rename', { to: 'C' });
    expect(updates).toEqual([{ label: 'B' }, { label: 'C' }]);
    expect(client.html(1)).toContain('<span>C renamed 2, last none</span>');
    client.kill();
  });
});

describe('handleEvent on a component', () => {
  it('receives the events it has no named handler for; named ones go to their handler', async () => {
    const client = await joinedPanel();
    expect((await toComponent(client, 'tag', 'wobble', { by: 3 }))[0]).toBe('r');
    expect(caught).toEqual([['wobble', { by: 3 }]]);
    expect(client.html(1)).toContain('last caught wobble');

    expect((await toComponent(client, 'tag', 'named'))[0]).toBe('r');
    expect(caught).toHaveLength(1);
    expect(client.html(1)).toContain('last named');
    client.kill();
  });

  it('an event the component neither names nor catches is KN_ERR_UNKNOWN_EVENT, and the view goes on', async () => {
    const client = await joinedPanel();
    await toComponent(client, 'plain', 'flip');
    expect(client.html(1)).toContain('<i>on</i>');

    const refused = await toComponent(client, 'plain', 'wobble');
    expect(refused[0]).toBe('x');
    expect(refused[2]).toBe('KN_ERR_UNKNOWN_EVENT');
    expect(refused[3]).toContain('component "plain"');
    expect(refused[3]).toContain('Panel');
    expect(refused[3]).toContain('"wobble"');
    expect(refused[4]).toBe(1);
    // The other component's catch-all did not get it.
    expect(caught).toEqual([]);

    // State is kept and every part of the view still answers.
    expect(client.html(1)).toContain('<i>on</i>');
    await toComponent(client, 'plain', 'flip');
    await client.event(1, 'tick');
    await toComponent(client, 'tag', 'wobble');
    expect(client.html(1)).toContain('<b>1</b>');
    expect(client.html(1)).toContain('<i>off</i>');
    expect(client.html(1)).toContain('last caught wobble');
    client.kill();
  });
});
