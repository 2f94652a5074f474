import {
  type DiffHookContext,
  definePlugin,
  type KineticError,
  type MountHookContext,
  type RenderHookContext,
  type SessionInfo,
} from '@kinetic/core';
import type { FastifyKineticPlugin, KineticPluginApp } from '@kinetic/transport';
import {
  type Attributes,
  type Context,
  context,
  type Span,
  SpanKind,
  type SpanOptions,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';

// OpenTelemetry spans for Kinetic's lifecycle, built on the hook API with @opentelemetry/api
// only: the app brings the SDK (and @fastify/otel for the HTTP request spans around ours).
//
// A join, an event, a handleInfo message and a URL change are messages a view consumes:
// CONSUMER spans named as OpenTelemetry's messaging conventions name them,
// `{messaging.operation.name} {messaging.destination.name}` (`event Counter`), with the view
// as the destination. The event's name is an attribute, not part of the span name: clients
// choose it, and span names must stay few. Mounts, renders and diffs are work inside those
// steps (or inside the HTTP request): INTERNAL spans.

const TRACER_NAME = '@kinetic/observability';

/** Event names come from the client: an attribute keeps a bounded prefix of one. */
const MAX_EVENT_NAME = 100;

export interface TracingOptions {
  /** The tracer to make spans with. */
  readonly tracer?: Tracer;
  /** Where to get the tracer from, when `tracer` is not given. Default: the global provider. */
  readonly tracerProvider?: TracerProvider;
}

/** The work inside a step. */
type Inner = RenderHookContext | DiffHookContext;

/** How a span starts: everything but its start time. */
interface SpanPlan {
  readonly name: string;
  readonly kind: SpanKind;
  readonly attributes: Attributes;
  readonly parent: Context;
}

/**
 * Traces the HTTP render, joins, mounts, events, handleInfo messages, URL changes, renders
 * and diffs (see docs/observability.md#tracing).
 * @example
 * await app.register(kinetic, { secret, plugins: [tracing()] });
 */
export function tracing(options: TracingOptions = {}): FastifyKineticPlugin {
  const tracer = options.tracer ?? (options.tracerProvider ?? trace).getTracer(TRACER_NAME);

  return definePlugin<KineticPluginApp>('kinetic-tracing', (app) => {
    // A step's before and after hooks get the same context object: it is the key to the
    // span between them, and to the step's span from the renders and diffs inside it.
    const spans = new WeakMap<object, Span>();

    const begin = (key: object, plan: SpanPlan, startTime?: number): Span => {
      const options: SpanOptions = { kind: plan.kind, attributes: plan.attributes };
      if (startTime !== undefined) options.startTime = startTime;
      const span = tracer.startSpan(plan.name, options, plan.parent);
      spans.set(key, span);
      return span;
    };

    /**
     * The span the before hook began. A guard of a plugin registered before this one that
     * refuses stops the before hooks before ours: the after hook still runs, so the span
     * begins there, back-dated by how long the step took.
     */
    const begun = <C extends { durationMs: number }>(ctx: C, plan: (ctx: C) => SpanPlan): Span => {
      const span = spans.get(ctx) ?? begin(ctx, plan(ctx), Date.now() - ctx.durationMs);
      spans.delete(ctx);
      return span;
    };

    /** A render or a diff: a child of the step it runs in, when it runs in one. */
    const innerPlan =
      (operation: 'render' | 'diff') =>
      (ctx: Inner): SpanPlan => {
        const step = ctx.step === undefined ? undefined : spans.get(ctx.step);
        return {
          name: `${operation} ${ctx.view}`,
          kind: SpanKind.INTERNAL,
          attributes: { 'kinetic.view': ctx.view },
          parent: step === undefined ? context.active() : trace.setSpan(context.active(), step),
        };
      };
    const renderPlan = innerPlan('render');
    const diffPlan = innerPlan('diff');

    const endInner = (
      ctx: Inner,
      plan: (ctx: Inner) => SpanPlan,
      attributes: Attributes = {},
    ): void => {
      const span = begun(ctx, plan);
      span.setAttributes(attributes);
      finish(span, ctx.error);
    };

    // A mount at a join is a child of the join's span.
    const mount = (ctx: MountHookContext) =>
      mountPlan(ctx, ctx.join === undefined ? undefined : spans.get(ctx.join));
    app.addHook('beforeMount', (ctx) => void begin(ctx, mount(ctx)));
    app.addHook('afterMount', (ctx) => finish(begun(ctx, mount), ctx.error));

    app.addHook('beforeJoin', (ctx) => void begin(ctx, joinPlan(ctx)));
    app.addHook('afterJoin', (ctx) => {
      const span = begun(ctx, joinPlan);
      span.setAttribute('kinetic.join.handed_off', ctx.handedOff);
      finish(span, ctx.error);
    });

    app.addHook('beforeEvent', (ctx) => void begin(ctx, eventPlan(ctx)));
    app.addHook('afterEvent', (ctx) => finish(begun(ctx, eventPlan), ctx.error));

    app.addHook('beforeInfo', (ctx) => void begin(ctx, infoPlan(ctx)));
    app.addHook('afterInfo', (ctx) => finish(begun(ctx, infoPlan), ctx.error));

    app.addHook('beforeParams', (ctx) => void begin(ctx, paramsPlan(ctx)));
    app.addHook('afterParams', (ctx) => finish(begun(ctx, paramsPlan), ctx.error));

    app.addHook('beforeRender', (ctx) => void begin(ctx, renderPlan(ctx)));
    app.addHook('afterRender', (ctx) => endInner(ctx, renderPlan));

    app.addHook('beforeDiff', (ctx) => void begin(ctx, diffPlan(ctx)));
    app.addHook('afterDiff', (ctx) =>
      endInner(ctx, diffPlan, { 'kinetic.diff.changed': ctx.patch !== null }),
    );
  });
}

/** Marks a failed (or refused) step, and ends its span. */
function finish(span: Span, error: KineticError | undefined): void {
  // notFound() is an answer (the page's 404), not a failure, as a 4xx is for HTTP servers.
  if (error?.code === 'KN_ERR_NOT_FOUND') {
    span.setAttribute('kinetic.not_found', true);
  } else if (error !== undefined) {
    span.recordException(error);
    span.setAttribute('error.type', error.code);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  }
  span.end();
}

/** What tells sessions apart: the log id and the transport, never the session's id or key. */
function sessionAttributes(session: SessionInfo | undefined): Attributes {
  if (session === undefined) return {};
  return session.transport === undefined
    ? { 'kinetic.session.id': session.id }
    : { 'kinetic.session.id': session.id, 'kinetic.transport': session.transport };
}

/** A message the view consumes: a join, an event, a handleInfo message, a URL change. */
function messagePlan(
  operation: 'join' | 'event' | 'info' | 'params',
  view: string,
  session: SessionInfo | undefined,
  attributes: Attributes = {},
): SpanPlan {
  return {
    name: `${operation} ${view}`,
    kind: SpanKind.CONSUMER,
    attributes: {
      'messaging.system': 'kinetic',
      'messaging.operation.type': 'process',
      'messaging.operation.name': operation,
      'messaging.destination.name': view,
      'kinetic.view': view,
      ...sessionAttributes(session),
      ...attributes,
    },
    // Over SSE and long-poll a request arrives in an HTTP request, whose span (from
    // @fastify/otel) is active here; over a WebSocket none is, and the step starts a trace.
    parent: context.active(),
  };
}

function joinPlan(ctx: { view: string; session: SessionInfo; url: URL }): SpanPlan {
  return messagePlan('join', ctx.view, ctx.session, { 'url.path': ctx.url.pathname });
}

function eventPlan(ctx: {
  view: string;
  session: SessionInfo | undefined;
  event: string;
  target: string | undefined;
}): SpanPlan {
  const event = ctx.event.slice(0, MAX_EVENT_NAME);
  return messagePlan(
    'event',
    ctx.view,
    ctx.session,
    ctx.target === undefined
      ? { 'kinetic.event': event }
      : { 'kinetic.event': event, 'kinetic.target': ctx.target },
  );
}

function infoPlan(ctx: { view: string; session: SessionInfo | undefined }): SpanPlan {
  return messagePlan('info', ctx.view, ctx.session);
}

function paramsPlan(ctx: { view: string; session: SessionInfo | undefined; url: URL }): SpanPlan {
  return messagePlan('params', ctx.view, ctx.session, { 'url.path': ctx.url.pathname });
}

/**
 * A mount: the HTTP render's, inside the request (the span of @fastify/otel is active in
 * the route's handler), or a join's, inside that join.
 */
function mountPlan(
  ctx: { view: string; session: SessionInfo | undefined; url: URL; connected: boolean },
  join: Span | undefined,
): SpanPlan {
  return {
    name: `mount ${ctx.view}`,
    kind: SpanKind.INTERNAL,
    attributes: {
      'kinetic.view': ctx.view,
      'kinetic.connected': ctx.connected,
      'url.path': ctx.url.pathname,
      ...sessionAttributes(ctx.session),
    },
    parent: join === undefined ? context.active() : trace.setSpan(context.active(), join),
  };
}
