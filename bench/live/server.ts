// One server of the live benchmark, run in its own process so its memory can be read alone.
// Modes: kinetic (the counter app; a second argument picks its plugins: none, noop for a
// no-op handler on every hook point, observability for metrics, tracing, health and audit), echo (a raw ws echo server), idle-ws (Fastify with
// @fastify/websocket holding idle sockets), bare-http (a Fastify route sending the counter
// page's HTML as a string).
import websocket from '@fastify/websocket';
import { definePlugin, HOOK_NAMES } from '@kinetic/core';
import { audit, health, metrics, tracing } from '@kinetic/observability';
import { type FastifyKineticPlugin, kinetic } from '@kinetic/transport';
import Fastify from 'fastify';
import { WebSocketServer } from 'ws';
import { Counter } from '../../examples/counter/src/counter.js';

const mode = process.argv[2];
const gc = (globalThis as { gc?: () => void }).gc;

function report(port: number) {
  process.send?.({ port });
  process.on('message', (message) => {
    if (message === 'memory') {
      for (let i = 0; i < 3; i++) gc?.();
      process.send?.({ memory: process.memoryUsage() });
    }
  });
}

/** The plugins of a `kinetic` server, by the name given after the mode. */
function pluginsOf(name: string | undefined): FastifyKineticPlugin[] {
  if (name === undefined || name === 'none') return [];
  if (name === 'noop') {
    return [
      definePlugin('noop', (app) => {
        for (const hook of HOOK_NAMES) app.addHook(hook, () => {});
      }),
    ];
  }
  if (name === 'observability') return [metrics(), tracing(), health(), audit()];
  throw new Error(`unknown plugins ${name}: use none, noop or observability`);
}

if (mode === 'kinetic') {
  const app = Fastify();
  // The frame rate limit protects real apps from floods; a closed-loop benchmark is one.
  // Every client comes from 127.0.0.1, so the per-address caps would stop it at 500.
  await app.register(kinetic, {
    secret: 'bench-secret-0123456789-0123456789-0123',
    framesPerSecond: 1e9,
    frameBurst: 1e9,
    maxSessions: 50_000,
    maxPendingSessions: 50_000,
    maxConnections: 50_000,
    maxConnectionsPerIp: 50_000,
    newSessionsPerIp: 1e9,
    newSessionBurst: 1e9,
    ...(process.env.BENCH_HANDOFF_MS ? { handoffMs: Number(process.env.BENCH_HANDOFF_MS) } : {}),
    plugins: pluginsOf(process.argv[3]),
  });
  app.live('/', Counter);
  await app.listen({ port: 0, host: '127.0.0.1' });
  report((app.server.address() as { port: number }).port);
} else if (mode === 'echo') {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  wss.on('connection', (ws) => ws.on('message', (data, binary) => ws.send(data, { binary })));
  await new Promise((resolve) => wss.once('listening', resolve));
  report((wss.address() as { port: number }).port);
} else if (mode === 'idle-ws') {
  const app = Fastify();
  await app.register(websocket);
  const sockets = new Set<unknown>();
  app.get('/ws', { websocket: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  report((app.server.address() as { port: number }).port);
} else if (mode === 'bare-http') {
  const html = process.argv[3] ?? '';
  const app = Fastify();
  app.get('/', (_request, reply) => {
    reply.header('content-type', 'text/html; charset=utf-8').send(html);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  report((app.server.address() as { port: number }).port);
} else {
  console.error(`unknown mode ${mode}: use kinetic, echo, idle-ws or bare-http`);
  process.exit(2);
}
