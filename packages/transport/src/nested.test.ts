import { defineView, html, liveRender } from '@kinetic/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LiveClient, loadPage } from '../test/live-client.js';
import { kinetic } from './index.js';

let childMounts = 0;
const Notifications = defineView({
  name: 'Notifications',
  mount: (_p, session) => {
    childMounts++;
    return { unread: Number(session.unread ?? 0) };
  },
  events: {
    read: (_p, socket) => {
      socket.assign({ unread: 0 });
    },
  },
  render: ({ unread }) => html`<button id="read" lv-click="read">${unread} unread</button>`,
});

const Dashboard = defineView({
  name: 'Dashboard',
  mount: () => ({ visits: 0 }),
  events: {
    visit: (_p, socket) => {
      socket.update('visits', (n) => n + 1);
    },
  },
  render: ({ visits }) =>
    html`<h1>${visits} visits</h1><aside>${liveRender(Notifications, { id: 'notes', session: { unread: 3 } })}</aside>`,
});

let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  app = Fastify();
  await app.register(kinetic, { secret: 'nested-test-secret-0123456789-0123456789' });
  app.live('/', Dashboard);
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(() => app.close());

it('a nested view renders inside its parent, joins on the same connection, and updates on its own', async () => {
  childMounts = 0;
  const page = await loadPage(base, '/');
  expect(page.html).toMatch(
    /<aside><div id="notes" data-live-view="Notifications" data-lv-token="[^"]+" data-lv-nested><button id="read" lv-click="read">3 unread<\/button><\/div><\/aside>/,
  );
  const childToken = /id="notes" data-live-view="Notifications" data-lv-token="([^"]+)"/.exec(
    page.html,
  )?.[1] as string;
  const client = new LiveClient(base, 'websocket', page.cookie);
  await client.connect();
  expect((await client.join(page, 1, '/'))[0]).toBe('r');
  expect((await client.join({ ...page, token: childToken }, 2, '/'))[0]).toBe('r');
  // The HTTP render's child instance was handed to the join: mount ran once.
  expect(childMounts).toBe(1);
  expect(client.html(2)).toBe('<button id="read" lv-click="read">3 unread</button>');

  const childReply = await client.event(2, 'read');
  expect(JSON.stringify(childReply[2])).toContain('"0"');
  expect(client.html(2)).toContain('0 unread');

  const parentReply = await client.event(1, 'visit');
  // The parent's patch carries its own change, never the nested view's content.
  expect(JSON.stringify(parentReply[2])).not.toContain('unread');
  expect(client.html(1)).toContain('<h1>1 visits</h1>');
  expect(client.html(1)).toContain('data-lv-token');
});
