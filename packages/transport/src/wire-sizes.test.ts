import { html } from '@kinetic/core';
import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { Counter } from '../../../examples/counter/src/counter.js';
import { LiveClient, loadPage } from '../test/live-client.js';
import { kinetic } from './index.js';

/**
 * What one counter click costs on the wire, pinned: the frame the browser sends, the
 * reply, the whole message (reply and title), and the join reply. A change that makes any of
 * them bigger fails here, with the bytes, before it reaches the bench.
 */
it("the counter's click, its reply and the join reply keep their sizes on the wire", async () => {
  const app = Fastify();
  await app.register(kinetic, {
    secret: 'wire-sizes-secret-0123456789-0123456789-ab',
    layout: ({ content, head }) =>
      html`<!doctype html><html><head>${head}</head><body>${content}</body></html>`,
  });
  app.live('/', Counter);
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const page = await loadPage(base, '/');
    const sent: string[] = [];
    const received: string[] = [];
    const client = new LiveClient(base, 'websocket', page.cookie, {
      onSend: (text) => sent.push(text),
      onMessage: (text) => received.push(text),
    });
    await client.connect();
    await client.join(page, 1, '/');
    const joinReply = received.at(-1) as string;
    // The first click also enables Reset: the second is what every click after costs.
    await client.event(1, 'inc');
    await client.event(1, 'inc');
    const click = sent.at(-1) as string;
    const message = received.at(-1) as string;
    const reply = JSON.stringify((JSON.parse(message) as unknown[][])[0]);

    expect(click).toBe('["e",3,1,"inc"]');
    // The reply carries the changed digit only; the title rides in the same message.
    expect(reply).toBe('["r",3,{"1":"2"}]');
    expect(message).toBe('[["r",3,{"1":"2"}],["t",1,"Counter: 2"]]');
    // The join reply: the tree with its statics, once per page (614 bytes today).
    expect(Buffer.byteLength(joinReply)).toBeLessThanOrEqual(620);
    await client.close();
  } finally {
    await app.close();
  }
});
