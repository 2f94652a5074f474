import { FastifyOtelInstrumentation } from '@fastify/otel';
import { definePlugin, defineView, html, notFound } from '@kinetic/core';
import { LiveClient, loadPage } from '@kinetic/testing/wire';
import { type FastifyKineticPlugin, kinetic } from '@kinetic/transport';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { tracing } from './tracing.js';

const SECRET = 'tracing-test-secret-0123456789-0123456789-abc';

const Counter = defineView({
  name: 'Counter',
  mount: () => ({ count: 0, step: 1 }),
  handleParams: (params, _url, socket) => {
    socket.assign({ step: Number(params.step ?? 1) });
  },
  events: {
    inc: (_p, socket) => {
      socket.update('count', (n: number) => n + socket.assigns.step);
    },
    later: (_p, socket) => {
      socket.sendInfo('bump');
    },
    fail: () => {
      throw new Error('handler exploded');
    },
  },
  handleInfo: (_m: 'bump', socket) => {
    socket.update('count', (n: number) => n + 100);
  },
  render: ({ count, step }) => html`<p>Count: <b>${count}</b> <s>${step}</s></p>`,
});

/** Asks whether it is connected in mount: the join mounts it again (no handoff). */
const Clock = defineView({
  name: 'Clock',
  mount: (_p, _s, socket) => ({ live: socket.connected }),
  render: ({ live }) => html`<time>${live ? 'live' : 'static'}</time>`,
});

/** Renders until it is broken: a render that throws skips afterRender. */
const Fragile = defineView({
  name: 'Fragile',
  mount: () => ({ broken: false }),
  events: { break: (_p, socket) => void socket.assign({ broken: true }) },
  render: ({ broken }) => {
    if (broken) throw new Error('render exploded');
    return html`<p>fine</p>`;
  },
});

/** Names nothing: its page answers 404. */
const Missing = defineView({
  name: 'Missing',
  mount: (): { post: string } => {
    throw notFound('no such post');
  },
  render: () => html`<p>never</p>`,
});

const apps: FastifyInstance[] = [];

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  trace.disable();
  context.disable();
});

/** An SDK as an app sets one up: an in-memory exporter, the async-hooks context manager. */
function sdk(options: { global: boolean }) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  if (options.global) trace.setGlobalTracerProvider(provider);
  const otel = new FastifyOtelInstrumentation();
  otel.setTracerProvider(provider);
  return { exporter, provider, otel };
}

async function start(otel: FastifyOtelInstrumentation, plugins: FastifyKineticPlugin[]) {
  const app = Fastify();
  // @fastify/otel goes first: it instruments the routes defined after it.
  await app.register(otel.plugin());
  await app.register(kinetic, { secret: SECRET, plugins });
  app.live('/counter', Counter);
  app.live('/clock', Clock);
  app.live('/fragile', Fragile);
  app.live('/missing', Missing);
  await app.listen({ port: 0, host: '127.0.0.1' });
  apps.push(app);
  const { port } = app.server.address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

/** Waits until `predicate` holds: spans end when their step (or HTTP response) is done. */
async function until(predicate: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for spans');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const id = (span: ReadableSpan) => span.spanContext().spanId;
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

/** The finished spans named `name`, and their children by name. */
function tree(exporter: InMemorySpanExporter) {
  const all = () => exporter.getFinishedSpans();
  return {
    all,
    named: (name: string) => all().filter((span) => span.name === name),
    childrenOf: (parent: ReadableSpan) =>
      all()
        .filter((span) => parentOf(span) === id(parent))
        .map((span) => span.name),
    byId: (spanId: string | undefined) => all().find((span) => id(span) === spanId),
  };
}

describe('tracing: the spans of a live session', () => {
  it('the HTTP render under the request span, a join, events, a message, a URL change', async () => {
    const { exporter, otel } = sdk({ global: true });
    const base = await start(otel, [tracing()]);
    const spans = tree(exporter);

    // The HTTP render: a mount (and its render) inside @fastify/otel's request span.
    const page = await loadPage(base, '/counter');
    await until(() => spans.named('request').length === 1);
    const request = spans.named('request')[0] as ReadableSpan;
    expect(request.kind).toBe(SpanKind.SERVER);
    const [httpMount] = spans.named('mount Counter');
    expect(httpMount).toBeDefined();
    const mount = httpMount as ReadableSpan;
    expect(mount.spanContext().traceId).toBe(request.spanContext().traceId);
    // @fastify/otel makes a span of the route's handler, a child of the request span; the
    // render runs inside it.
    const handler = spans.byId(parentOf(mount));
    expect(handler?.name).toMatch(/^handler - /);
    expect(parentOf(handler as ReadableSpan)).toBe(id(request));
    expect(mount.kind).toBe(SpanKind.INTERNAL);
    expect(mount.attributes).toEqual({
      'kinetic.view': 'Counter',
      'kinetic.connected': false,
      'url.path': '/counter',
    });
    expect(spans.childrenOf(mount)).toEqual(['render Counter']);
    expect(mount.status.code).toBe(SpanStatusCode.UNSET);

    // A join that takes the HTTP render's instance over: no mount under it.
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    await client.join(page, 1, '/counter');
    await until(() => spans.named('join Counter').length === 1);
    const join = spans.named('join Counter')[0] as ReadableSpan;
    expect(join.kind).toBe(SpanKind.CONSUMER);
    const session = join.attributes['kinetic.session.id'];
    expect(session).toMatch(/^[\w-]{8}$/);
    expect(session).not.toBe(client.sid);
    expect(join.attributes).toEqual({
      'messaging.system': 'kinetic',
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'join',
      'messaging.destination.name': 'Counter',
      'kinetic.view': 'Counter',
      'kinetic.session.id': session,
      'kinetic.transport': 'websocket',
      'url.path': '/counter',
      'kinetic.join.handed_off': true,
    });
    expect(spans.childrenOf(join)).toEqual([]);
    // A WebSocket message arrives in no request: the join starts its own trace.
    expect(join.parentSpanContext).toBeUndefined();

    // An event: its render and diff are its children.
    await client.event(1, 'inc');
    const [event] = spans.named('event Counter');
    expect(event?.kind).toBe(SpanKind.CONSUMER);
    expect(event?.attributes).toEqual({
      'messaging.system': 'kinetic',
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'event',
      'messaging.destination.name': 'Counter',
      'kinetic.view': 'Counter',
      'kinetic.session.id': session,
      'kinetic.transport': 'websocket',
      'kinetic.event': 'inc',
    });
    expect(spans.childrenOf(event as ReadableSpan)).toEqual(['render Counter', 'diff Counter']);
    const diff = spans
      .all()
      .find((s) => s.name === 'diff Counter' && parentOf(s) === id(event as ReadableSpan));
    expect(diff?.kind).toBe(SpanKind.INTERNAL);
    expect(diff?.attributes).toEqual({ 'kinetic.view': 'Counter', 'kinetic.diff.changed': true });
    expect(event?.status.code).toBe(SpanStatusCode.UNSET);

    // A handleInfo message the event sent: a step of its own.
    await client.event(1, 'later');
    await client.until(() => client.html(1).includes('101'));
    await until(() => spans.named('info Counter').length === 1);
    const info = spans.named('info Counter')[0] as ReadableSpan;
    expect(info.kind).toBe(SpanKind.CONSUMER);
    expect(info.attributes['messaging.operation.name']).toBe('info');
    expect(info.attributes['kinetic.session.id']).toBe(session);
    expect(spans.childrenOf(info)).toEqual(['render Counter', 'diff Counter']);

    // A URL change.
    await client.request(['u', 1, `${base}/counter?step=5`]);
    const [params] = spans.named('params Counter');
    expect(params?.kind).toBe(SpanKind.CONSUMER);
    expect(params?.attributes).toMatchObject({
      'messaging.operation.name': 'params',
      'messaging.destination.name': 'Counter',
      'url.path': '/counter',
    });
    expect(spans.childrenOf(params as ReadableSpan)).toEqual(['render Counter', 'diff Counter']);

    // Every span is the plugin's but @fastify/otel's request and handler spans.
    const ours = spans
      .all()
      .filter((s) => s.instrumentationScope.name === '@kinetic/observability');
    expect(ours.map((s) => s.name).sort()).toEqual(
      [
        'mount Counter',
        'render Counter',
        'join Counter',
        'event Counter',
        'render Counter',
        'diff Counter',
        'event Counter',
        'info Counter',
        'render Counter',
        'diff Counter',
        'params Counter',
        'render Counter',
        'diff Counter',
      ].sort(),
    );
    await client.close();
  });

  it('a join that mounts again has its mount (and the render) as children', async () => {
    const { exporter, provider, otel } = sdk({ global: false });
    const base = await start(otel, [tracing({ tracerProvider: provider })]);
    const spans = tree(exporter);
    const page = await loadPage(base, '/clock');
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    await client.join(page, 1, '/clock');
    expect(client.html(1)).toContain('live');
    await until(() => spans.named('join Clock').length === 1);
    const join = spans.named('join Clock')[0] as ReadableSpan;
    expect(join.attributes['kinetic.join.handed_off']).toBe(false);
    expect(spans.childrenOf(join)).toEqual(['mount Clock']);
    const mount = spans.all().find((s) => s.name === 'mount Clock' && parentOf(s) === id(join));
    expect(mount?.attributes).toMatchObject({
      'kinetic.connected': true,
      'kinetic.session.id': join.attributes['kinetic.session.id'],
      'kinetic.transport': 'websocket',
    });
    expect(spans.childrenOf(mount as ReadableSpan)).toEqual(['render Clock']);
    await client.close();
  });

  it('a failing handler, and a refused event, end their spans with status ERROR', async () => {
    const { exporter, provider, otel } = sdk({ global: false });
    // Registered before the tracing plugin: its refusal stops the before hooks ahead of
    // tracing's, whose span then begins in afterEvent.
    const guard = definePlugin('no-reset', (app) => {
      app.addHook('beforeEvent', (ctx) => {
        if (ctx.event === 'reset') ctx.refuse('resets are off');
      });
      app.addHook('beforeJoin', (ctx) => {
        if (ctx.url.searchParams.get('join') === 'no') ctx.refuse('joins are off');
      });
    });
    const base = await start(otel, [guard, tracing({ tracerProvider: provider })]);
    const spans = tree(exporter);
    const page = await loadPage(base, '/counter');
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    await client.join(page, 1, '/counter');

    const failed = await client.event(1, 'fail');
    expect(failed[2]).toBe('KN_ERR_VIEW_HANDLER');
    const [event] = spans.named('event Counter');
    expect(event?.status.code).toBe(SpanStatusCode.ERROR);
    expect(event?.status.message).toContain('handler exploded');
    expect(event?.attributes['error.type']).toBe('KN_ERR_VIEW_HANDLER');
    expect(event?.attributes['kinetic.event']).toBe('fail');
    const exception = event?.events.find((e) => e.name === 'exception');
    expect(exception?.attributes?.['exception.message']).toContain('handler exploded');
    expect(spans.childrenOf(event as ReadableSpan)).toEqual([]);

    const refused = await client.event(1, 'reset');
    expect(refused[2]).toBe('KN_ERR_REFUSED');
    const reset = spans
      .named('event Counter')
      .find((s) => s.attributes['kinetic.event'] === 'reset');
    expect(reset?.status.code).toBe(SpanStatusCode.ERROR);
    expect(reset?.attributes['error.type']).toBe('KN_ERR_REFUSED');
    expect(reset?.status.message).toContain('resets are off');
    expect(reset?.kind).toBe(SpanKind.CONSUMER);

    // A refused join.
    const closed = await loadPage(base, '/counter?join=no', client.cookie);
    const refusedJoin = await client.join(closed, 2, '/counter?join=no');
    expect(refusedJoin[2]).toBe('KN_ERR_REFUSED');
    await until(() => spans.named('join Counter').length === 2);
    const join = spans.named('join Counter')[1];
    expect(join?.status.code).toBe(SpanStatusCode.ERROR);
    expect(join?.attributes['error.type']).toBe('KN_ERR_REFUSED');
    expect(join?.status.message).toContain('joins are off');
    await client.close();
  });

  it('a render that throws ends its span with the failing step', async () => {
    const { exporter, provider, otel } = sdk({ global: false });
    const base = await start(otel, [tracing({ tracerProvider: provider })]);
    const spans = tree(exporter);
    const page = await loadPage(base, '/fragile');
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    await client.join(page, 1, '/fragile');
    const failed = await client.event(1, 'break');
    expect(failed[2]).toBe('KN_ERR_VIEW_RENDER');
    const [event] = spans.named('event Fragile');
    expect(event?.attributes['error.type']).toBe('KN_ERR_VIEW_RENDER');
    expect(spans.childrenOf(event as ReadableSpan)).toEqual(['render Fragile']);
    const render = spans.all().find((s) => parentOf(s) === id(event as ReadableSpan));
    expect(render?.status.code).toBe(SpanStatusCode.ERROR);
    expect(render?.attributes['error.type']).toBe('KN_ERR_VIEW_RENDER');
    await client.close();
  });

  it('over SSE an event arrives in an HTTP request: its span is inside that request', async () => {
    const { exporter, provider, otel } = sdk({ global: false });
    const base = await start(otel, [tracing({ tracer: provider.getTracer('my-tracer') })]);
    const spans = tree(exporter);
    const page = await loadPage(base, '/counter');
    const client = new LiveClient(base, 'sse', page.cookie);
    await client.connect();
    await client.join(page, 1, '/counter');
    await client.event(1, 'inc');
    await until(() => spans.named('event Counter').length === 1);
    const event = spans.named('event Counter')[0] as ReadableSpan;
    expect(event.attributes['kinetic.transport']).toBe('sse');
    expect(event.instrumentationScope.name).toBe('my-tracer');
    // The POST that carried the event: @fastify/otel's handler span, in the request's trace.
    const handler = spans.byId(parentOf(event));
    expect(handler?.name).toMatch(/^handler - /);
    const request = spans.byId(parentOf(handler as ReadableSpan));
    expect(request?.name).toBe('request');
    expect(request?.attributes['http.request.method']).toBe('POST');
    await client.close();
  });

  it('a notFound() is an answer, not a failure: the mount span keeps an unset status', async () => {
    const { exporter, otel } = sdk({ global: true });
    const base = await start(otel, [tracing()]);
    const response = await fetch(`${base}/missing`);
    expect(response.status).toBe(404);
    const spans = tree(exporter);
    await until(() => spans.named('mount Missing').length === 1);
    const mount = spans.named('mount Missing')[0] as ReadableSpan;
    expect(mount.status.code).toBe(SpanStatusCode.UNSET);
    expect(mount.attributes['kinetic.not_found']).toBe(true);
    expect(mount.attributes['error.type']).toBeUndefined();
  });
});
