// The peer of the live benchmark: LiveViewJS 0.8.1 on Express, serving the same counter
// (same markup, same events, the title set on every change) as examples/counter does for
// Kinetic. Run as a child process by live.bench.ts (mode `liveviewjs` of live/server.ts
// forks this file); it reports its port over IPC and answers `memory` like the others.
import express from 'express';
import session from 'express-session';
import type { LiveViewTemplate } from 'liveviewjs';
import { WebSocketServer } from 'ws';

// LiveViewJS fetches a MIME table from a CDN when it loads (for uploads, which the counter
// has none of); the benchmark runs offline, so that one URL gets an empty table.
const fetchOnline = globalThis.fetch;
globalThis.fetch = (input, init) =>
  String(input).startsWith('https://cdn.jsdelivr.net/')
    ? Promise.resolve(new Response('{}'))
    : fetchOnline(input, init);
const { createLiveView, html, live_title_tag, safe } = await import('liveviewjs');
const { NodeExpressLiveViewServer } = await import('@liveviewjs/express');

interface CounterContext {
  count: number;
}
type CounterEvent = { type: 'inc' } | { type: 'dec' } | { type: 'reset' };

const stepButton = (event: string, label: string) =>
  html`<button class="step" phx-click="${event}" aria-label="${event}">${label}</button>`;

const Counter = createLiveView<CounterContext, CounterEvent>({
  mount: (socket) => {
    socket.assign({ count: 0 });
  },
  handleEvent: (event, socket) => {
    const count = socket.context.count;
    const next = event.type === 'inc' ? count + 1 : event.type === 'dec' ? count - 1 : 0;
    socket.assign({ count: next });
    socket.pageTitle(`Counter: ${next}`);
  },
  render: ({ count }) => html`<main class="counter">
    <h1>Kinetic counter</h1>
    <p>This number lives on the server. Every click is an event over a WebSocket; the page
      receives only the digits that changed.</p>
    <div class="row">
      ${stepButton('dec', '−')}
      <output id="count">${count}</output>
      ${stepButton('inc', '+')}
    </div>
    <button phx-click="reset" ${count === 0 ? 'disabled' : ''}>Reset</button>
  </main>`,
});

const page = (
  title: { title: string },
  csrf: string,
  content: LiveViewTemplate,
): LiveViewTemplate => html`<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="csrf-token" content="${csrf}">
    ${live_title_tag(title.title)}
    <script defer src="/client-liveview.js"></script>
  </head>
  <body>${safe(content)}</body>
</html>`;

const SECRET = 'bench-secret-0123456789-0123456789-0123';
const liveView = new NodeExpressLiveViewServer(
  { '/': Counter },
  page,
  { title: 'Counter' },
  {
    serDeSigningSecret: SECRET,
  },
);

const app = express();
app.use(session({ secret: SECRET, resave: false, saveUninitialized: true }));
app.use(liveView.httpMiddleware());
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const wss = new WebSocketServer({ server, perMessageDeflate: false });
// Its types come from another copy of @types/ws; the server is the same ws class.
type TheirServer = Parameters<ReturnType<typeof liveView.wsMiddleware>>[0];
await liveView.wsMiddleware()(wss as unknown as TheirServer);

const gc = (globalThis as { gc?: () => void }).gc;
process.send?.({ port: (server.address() as { port: number }).port });
process.on('message', (message) => {
  if (message === 'memory') {
    for (let i = 0; i < 3; i++) gc?.();
    process.send?.({ memory: process.memoryUsage() });
  }
});
