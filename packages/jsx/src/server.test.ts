import { fileURLToPath } from 'node:url';
import { defineComponent, defineView, each, html, live, liveRender } from '@kinetic/core';
import { LiveClient, loadPage } from '@kinetic/testing/wire';
import { kinetic } from '@kinetic/transport';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';

interface Item {
  readonly id: number;
  readonly label: string;
}

// The html twin of test/counter.tsx's JsxCounter.
const badge = ({ n }: { n: number }) => html`<span class="badge">${n}</span>`;
const HtmlCounter = defineView({
  name: 'JsxCounter',
  mount: () => ({ count: 0, items: [] as Item[] }),
  events: {
    inc: (_p, socket) => {
      socket.update('count', (n) => n + 1);
    },
    add: (_p, socket) => {
      socket.update('items', (items) => [
        { id: items.length + 1, label: `item ${items.length + 1}` },
        ...items,
      ]);
    },
  },
  render: ({ count, items }) =>
    html`<div id="counter"><button type="button" lv-click="inc">Clicked ${count} times ${badge({ n: count })}</button><button type="button" lv-click="add">Add</button><ul>${each(
      items,
      (item) => item.id,
      (item) => html`<li>${item.label}</li>`,
    )}</ul></div>`,
});

// The html twins of test/counter.tsx's JsxToggle, JsxNote and JsxPanel.
const Toggle = defineComponent({
  name: 'Toggle',
  mount: () => ({ on: false }),
  events: {
    flip: (_p, socket) => {
      socket.update('on', (on) => !on);
    },
  },
  render: ({ on }) =>
    html`<button type="button" lv-click="flip" lv-target="toggle" class=${on ? 'on' : 'off'}>${on ? 'on' : 'off'}</button>`,
});
const Note = defineView({
  name: 'Note',
  mount: () => ({ text: 'nested' }),
  render: ({ text }) => html`<em>${text}</em>`,
});
const HtmlPanel = defineView({
  name: 'Panel',
  mount: () => ({ ticks: 0 }),
  events: {
    tick: (_p, socket) => {
      socket.update('ticks', (n) => n + 1);
    },
  },
  render: ({ ticks }) =>
    html`<section><b>${ticks}</b>${live(Toggle, { id: 'toggle' })}<aside>${liveRender(Note, { id: 'note' })}</aside></section>`,
});

// Two servers, as the twins share their view names (names are unique per app).
const apps: FastifyInstance[] = [];
let jsxBase: string;
let htmlBase: string;

type LiveView = Parameters<FastifyInstance['live']>[1];

async function serve(views: Record<string, LiveView>): Promise<string> {
  const app = Fastify();
  apps.push(app);
  await app.register(kinetic, { secret: 'jsx-test-secret-0123456789-0123456789-01' });
  for (const [path, view] of Object.entries(views)) app.live(path, view);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}

beforeAll(async () => {
  // Loaded through vitest, so the .tsx is compiled by @kinetic/jsx's plugin.
  const counter = fileURLToPath(new URL('../test/counter.tsx', import.meta.url));
  const views = (await import(/* @vite-ignore */ counter)) as Record<string, LiveView>;
  jsxBase = await serve({
    '/counter': views.JsxCounter as LiveView,
    '/panel': views.JsxPanel as LiveView,
  });
  htmlBase = await serve({ '/counter': HtmlCounter, '/panel': HtmlPanel });
});
afterAll(() => Promise.all(apps.map((app) => app.close())));

async function join(base: string, path: string) {
  const page = await loadPage(base, path);
  const client = new LiveClient(base, 'websocket', page.cookie);
  await client.connect();
  expect((await client.join(page, 1, path))[0]).toBe('r');
  return { page, client };
}

it('a JSX view serves, joins over a WebSocket and updates on clicks like its html twin', async () => {
  const jsx = await join(jsxBase, '/counter');
  const twin = await join(htmlBase, '/counter');
  expect(jsx.page.html).toContain(
    '<div id="counter"><button type="button" lv-click="inc">Clicked 0 times <span class="badge">0</span></button>',
  );
  expect(jsx.client.html(1)).toBe(twin.client.html(1));

  for (const event of ['inc', 'inc', 'add', 'add', 'inc']) {
    const jsxReply = await jsx.client.event(1, event);
    const twinReply = await twin.client.event(1, event);
    // Same statics, same fingerprints: the patch on the wire is the same bytes.
    expect(JSON.stringify(jsxReply.slice(2))).toBe(JSON.stringify(twinReply.slice(2)));
    expect(jsx.client.html(1)).toBe(twin.client.html(1));
  }
  expect(jsx.client.html(1)).toContain('Clicked 3 times <span class="badge">3</span>');
  expect(jsx.client.html(1)).toContain('<ul><li>item 2</li><li>item 1</li></ul>');
  await jsx.client.close();
  await twin.client.close();
});

it('live components and nested live views in JSX render and update like their html twins', async () => {
  const jsx = await join(jsxBase, '/panel');
  const twin = await join(htmlBase, '/panel');
  // A nested view's token is signed per render (its expiry): the one part that may differ.
  const untokened = (text: string) =>
    text.replace(/data-lv-token=\\?"[^"\\]+\\?"/g, 'data-lv-token');
  const section = (page: string) => /<section>.*<\/section>/s.exec(untokened(page))?.[0];
  expect(section(jsx.page.html)).toBe(section(twin.page.html));
  expect(section(jsx.page.html)).toContain('class="off">off</button>');
  expect(section(jsx.page.html)).toContain(
    'data-live-view="Note" data-lv-token data-lv-nested><em>nested</em>',
  );
  expect(untokened(jsx.client.html(1))).toBe(untokened(twin.client.html(1)));
  const frames: Array<[string, unknown[]]> = [
    ['tick', ['e', 1, 'tick', {}]],
    ['flip', ['e', 1, 'flip', {}, 'toggle']],
    ['flip', ['e', 1, 'flip', {}, 'toggle']],
    ['tick', ['e', 1, 'tick', {}]],
  ];
  for (const [, frame] of frames) {
    const jsxReply = await jsx.client.request(frame as never);
    const twinReply = await twin.client.request(frame as never);
    expect(untokened(JSON.stringify(jsxReply.slice(2)))).toBe(
      untokened(JSON.stringify(twinReply.slice(2))),
    );
    expect(untokened(jsx.client.html(1))).toBe(untokened(twin.client.html(1)));
  }
  expect(jsx.client.html(1)).toContain('<b>2</b>');
  expect(jsx.client.html(1)).toContain('class="off">off</button>');
  await jsx.client.close();
  await twin.client.close();
});
