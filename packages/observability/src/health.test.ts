import { defineView, html } from '@kinetic/core';
import { LiveClient, loadPage } from '@kinetic/testing/wire';
import { type KineticOptions, kinetic } from '@kinetic/transport';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { logLines } from '../test/log-lines.js';
import { type HealthOptions, health } from './health.js';

const SECRET = 'health-test-secret-0123456789-0123456789-abc';

/** Tells a test the slow handler started; `release` lets it finish (the test decides when). */
let started: () => void = () => {};
let held: Promise<void> = Promise.resolve();
let release: () => void = () => {};
const SLOW_EVENT_MS = 300;

/** Holds the next slow event until the test releases it, so the probes surely come first. */
function holdNextEvent(): Promise<void> {
  held = new Promise<void>((resolve) => {
    release = resolve;
  });
  return new Promise<void>((resolve) => {
    started = resolve;
  });
}

const Slow = defineView({
  name: 'Slow',
  mount: () => ({ done: false }),
  events: {
    work: async (_p, socket) => {
      started();
      await Promise.all([new Promise((resolve) => setTimeout(resolve, SLOW_EVENT_MS)), held]);
      socket.assign({ done: true });
    },
  },
  render: ({ done }) => html`<p>${done ? 'done' : 'working'}</p>`,
});

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function start(
  healthOptions: HealthOptions = {},
  fastify: FastifyServerOptions = {},
  kineticOptions: Partial<KineticOptions> = {},
) {
  const { lines, stream } = logLines();
  const app = Fastify({ logger: { level: 'info', stream }, ...fastify });
  apps.push(app);
  await app.register(kinetic, {
    secret: SECRET,
    plugins: [health(healthOptions)],
    ...kineticOptions,
  });
  app.live('/', Slow);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { app, base: `http://127.0.0.1:${port}`, logs: () => lines.join('') };
}

async function probe(url: string) {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as unknown };
}

describe('health()', () => {
  it('answers /healthz and /readyz, and keeps them out of the request log', async () => {
    const { base, logs } = await start();
    expect(await probe(`${base}/healthz`)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await probe(`${base}/readyz`)).toEqual({ status: 200, body: { status: 'ready' } });
    // A page request is logged, so the logger is on and the probes were left out of it.
    await loadPage(base, '/');
    expect(logs()).toContain('"url":"/"');
    expect(logs()).not.toContain('/healthz');
    expect(logs()).not.toContain('/readyz');
  });

  it('takes other paths, and an extra readiness check', async () => {
    let databaseUp = false;
    const { base } = await start({
      livePath: '/live',
      readyPath: '/ready',
      ready: () => databaseUp,
    });
    expect(await probe(`${base}/live`)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await probe(`${base}/ready`)).toEqual({ status: 503, body: { status: 'unready' } });
    databaseUp = true;
    expect(await probe(`${base}/ready`)).toEqual({ status: 200, body: { status: 'ready' } });
    expect((await fetch(`${base}/readyz`)).status).toBe(404);
  });

  it('a readiness check that throws is a 503, logged as a warning', async () => {
    const { base, logs } = await start({
      ready: () => {
        throw new Error('database unreachable');
      },
    });
    expect(await probe(`${base}/readyz`)).toEqual({ status: 503, body: { status: 'unready' } });
    expect(logs()).toContain('database unreachable');
  });

  it('/readyz turns to draining when a graceful shutdown starts; the event in flight is still answered', async () => {
    // By default Fastify answers every request with its own 503 from the moment close()
    // starts, before any route runs (route.js, return503OnClosing). Requests reach the
    // server all through Kinetic's drain, because Fastify closes the listening socket only
    // after the preClose hooks, where the drain runs. With return503OnClosing: false they
    // reach the routes, so the probe below is answered by health() itself.
    const { app, base } = await start({}, { return503OnClosing: false });
    const page = await loadPage(base, '/');
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    await client.join(page, 1, '/');
    expect(client.html(1)).toContain('working');

    const working = holdNextEvent();
    const answered = client.event(1, 'work');
    await working;
    const closing = app.close();
    apps.splice(apps.indexOf(app), 1);

    // The handler is still awaiting: the event is in flight while the probe is answered.
    const during = await probe(`${base}/readyz`);
    expect(during).toEqual({ status: 503, body: { status: 'draining' } });
    expect(client.unanswered).toBe(1);
    // Liveness is not readiness: the process is still alive while it drains.
    expect(await probe(`${base}/healthz`)).toEqual({ status: 200, body: { status: 'ok' } });

    release();
    const reply = await answered;
    expect(reply[0]).toBe('r');
    expect(client.html(1)).toContain('done');
    await closing;
  });

  it("without return503OnClosing: false, a probe during the drain gets Fastify's own 503", async () => {
    const { app, base } = await start();
    const page = await loadPage(base, '/');
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    await client.join(page, 1, '/');
    const working = holdNextEvent();
    const answered = client.event(1, 'work');
    await working;
    const closing = app.close();
    apps.splice(apps.indexOf(app), 1);
    const during = await probe(`${base}/readyz`);
    // Still a 503 for the load balancer, but not health()'s answer.
    expect(during.status).toBe(503);
    expect(during.body).toMatchObject({ error: 'Service Unavailable' });
    // WebSocket frames are not HTTP requests: the event is answered all the same.
    release();
    expect((await answered)[0]).toBe('r');
    await closing;
  });
});
