import type { Socket } from 'node:net';
import { defineView, html } from '@kinetic/core';
import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { LiveClient, loadPage, type TransportName } from '../test/live-client.js';
import { kinetic } from './index.js';

const EVENTS = Number(process.env.CHAOS_EVENTS ?? 100_000);
const DISCONNECTS = Number(process.env.CHAOS_DISCONNECTS ?? 1_000);
const TRANSPORTS: TransportName[] = (process.env.CHAOS_TRANSPORTS?.split(
  ',',
) as TransportName[]) ?? ['websocket', 'sse', 'longpoll'];

/** Counts events, and pushes a numbered tick every few ms while events fly. */
const Chaos = defineView({
  name: 'Chaos',
  mount: (_p, _s, socket) => {
    if (socket.connected) socket.every(3, 'tick');
    return { count: 0, tick: 0 };
  },
  events: {
    inc: (_p, socket) => {
      socket.update('count', (n) => n + 1);
    },
  },
  handleInfo: (_m: 'tick', socket) => {
    socket.update('tick', (n) => n + 1);
  },
  render: ({ count, tick }) => html`<b>${count}</b><i>${tick}</i>`,
});

const random = (n: number) => Math.floor(Math.random() * n);

it(`chaos: ${DISCONNECTS} forced disconnects during ${EVENTS} events across the three transports`, async () => {
  const report: Record<string, unknown>[] = [];
  for (const [i, transport] of TRANSPORTS.entries()) {
    const app = Fastify();
    await app.register(kinetic, {
      secret: 'chaos-secret-0123456789-0123456789-0123',
      framesPerSecond: 1e9,
      frameBurst: 1e9,
      outboxMessages: 100_000,
      outboxBytes: 64 * 1024 * 1024,
    });
    app.live('/', Chaos);
    const sockets = new Set<Socket>();
    app.server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    try {
      const events = Math.floor(EVENTS / 3) + (i === 0 ? EVENTS % 3 : 0);
      const cuts = Math.floor(DISCONNECTS / 3) + (i === 0 ? DISCONNECTS % 3 : 0);
      const page = await loadPage(base, '/');
      const client = new LiveClient(base, transport, page.cookie);
      await client.connect();
      await client.join(page, 1, '/');
      let sent = 0;
      let serverSide = 0;
      let resumed = 0;
      for (let cut = 0; cut < cuts; cut++) {
        const size = Math.floor(events / cuts) + (cut < events % cuts ? 1 : 0);
        const at = random(size);
        const replies: Promise<unknown>[] = [];
        for (let k = 0; k < size; k++) {
          if (k === at) {
            // Half the blips are the client's transport dying, half the server's sockets.
            if (cut % 2 === 0) client.kill();
            else {
              serverSide++;
              for (const socket of sockets) socket.destroy();
            }
          }
          replies.push(client.event(1, 'inc'));
          sent++;
        }
        await new Promise((resolve) => setTimeout(resolve, random(3)));
        client.kill();
        const hello = await client.connect();
        if (hello[2] === 1) resumed++;
        await Promise.all(replies);
      }
      await client.until(() => client.html(1).startsWith(`<b>${sent}</b>`));
      const ticks = client.frames
        .filter((f) => f[0] === 'd')
        .map((f) => Number((f[2] as Record<string, unknown>)['1']))
        .filter((n) => !Number.isNaN(n));
      const doubled = [...client.replies.values()].filter((n) => n !== 1).length;
      report.push({
        transport,
        events: sent,
        disconnects: cuts,
        serverSide,
        resumed,
        pushes: ticks.length,
        doubled,
      });
      expect(resumed).toBe(cuts);
      expect(client.replies.size).toBe(sent + 1);
      expect(doubled).toBe(0);
      expect(client.unanswered).toBe(0);
      expect(client.html(1)).toMatch(new RegExp(`^<b>${sent}</b><i>\\d+</i>$`));
      // Every push reached the client once, in order: ticks go 1, 2, 3, ... with no gap.
      expect(ticks).toEqual(Array.from({ length: ticks.length }, (_, n) => n + 1));
      client.kill();
    } finally {
      await app.close();
    }
  }
  console.table(report);
}, 300_000);
