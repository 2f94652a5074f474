import { defineView, html } from '@kinetic/core';
import { kinetic } from '@kinetic/transport';
import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { LiveClient, loadPage } from './wire.js';

const Counter = defineView({
  name: 'Counter',
  mount: () => ({ n: 0 }),
  events: { inc: (_p, s) => void s.update('n', (n: number) => n + 1) },
  render: ({ n }) => html`<b>${n}</b>`,
});

it.each(['websocket', 'sse'] as const)(
  'over %s the wire client acknowledges what it got within 500 ms, as the browser does: the server keeps nothing for an idle view',
  async (transport) => {
    const app = Fastify();
    await app.register(kinetic, { secret: 'wire-ack-secret-0123456789-0123456789-abc' });
    app.live('/', Counter);
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      const page = await loadPage(base, '/');
      const client = new LiveClient(base, transport, page.cookie);
      await client.connect();
      await client.join(page, 1, '/');
      await client.event(1, 'inc');
      // Three frames so far (the join reply, the reply, the title): under the 16 that ack at once.
      expect(app.kinetic.sessions.stats().outbox.messages).toBeGreaterThan(0);
      await expect
        .poll(() => app.kinetic.sessions.stats().outbox.messages, { timeout: 3000 })
        .toBe(0);
      await client.close();
    } finally {
      await app.close();
    }
  },
);
