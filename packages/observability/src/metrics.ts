import { definePlugin, type RegistryStats } from '@kinetic/core';
import type { FastifyKineticPlugin, KineticPluginApp } from '@kinetic/transport';
import {
  Counter,
  collectDefaultMetrics,
  exponentialBuckets,
  Gauge,
  Histogram,
  Registry,
} from 'prom-client';

export interface MetricsOptions {
  /**
   * Where the Prometheus text is served, on the Fastify context the plugin is registered
   * in. `false` serves nothing: expose `registry` yourself (e.g. on an admin port).
   * Default `/metrics`.
   */
  readonly path?: string | false;
  /**
   * The prom-client registry the metrics are registered in. Default: a new registry per
   * `metrics()` call, so two apps in one process keep their figures apart.
   */
  readonly registry?: Registry;
  /** Also collect prom-client's default process metrics (CPU, memory, event loop, GC) into the registry. Default true. */
  readonly defaultMetrics?: boolean;
  /**
   * Distinct event names counted per view; later names are counted as `_other`. Event
   * names come from the client, so without a cap a hostile one could create a time series
   * per request. Default 50.
   */
  readonly maxEventLabels?: number;
}

/** The metrics plugin, and the registry it fills (to serve yourself with `path: false`). */
export type MetricsPlugin = FastifyKineticPlugin & { readonly registry: Registry };

/** Longest event name kept as a label value; longer ones are cut to this length. */
const MAX_EVENT_NAME = 64;

/** Codes are label values only when they look like Kinetic's own: anything else is `other`. */
const CODE = /^KN_ERR_[A-Z_]+$/;

/**
 * Step durations: a render or a diff takes well under a millisecond, a mount that loads
 * data may take seconds.
 */
const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Patch sizes: 64 B to 1 MiB, by fours. */
const BYTES = exponentialBuckets(64, 4, 8);

/**
 * Prometheus metrics for a Kinetic app: sessions, connections and views (read from the
 * runtime at each scrape), joins, events, errors and refusals (counted), and the duration
 * of every step (histograms). Register it for the whole app (the kinetic plugin's
 * `plugins` option): it counts connections, which belong to the app.
 * @example
 * await app.register(kinetic, { secret, plugins: [metrics()] });
 * // GET /metrics
 */
export function metrics(options: MetricsOptions = {}): MetricsPlugin {
  const registry = options.registry ?? new Registry();
  const path = options.path ?? '/metrics';
  const maxEventLabels = options.maxEventLabels ?? 50;
  if (!Number.isInteger(maxEventLabels) || maxEventLabels < 0) {
    throw new TypeError(
      `metrics(): maxEventLabels must be a whole number, 0 or more (got ${maxEventLabels})`,
    );
  }

  const plugin = definePlugin<KineticPluginApp>('kinetic-metrics', (app) => {
    if (registry.getSingleMetric('kinetic_sessions') !== undefined) {
      throw new Error(
        'metrics(): this registry already holds Kinetic metrics. Call metrics() once per app, or give each app its own registry.',
      );
    }
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
    registerGauges(registry, app);
    observe(registry, app, maxEventLabels);
    if (path !== false) {
      app.fastify.get(path, { logLevel: 'silent' }, async (_request, reply) => {
        const text = await registry.metrics();
        return reply.header('content-type', registry.contentType).send(text);
      });
    }
  });
  return Object.assign(plugin, { registry });
}

/** The figures of what the runtime holds right now, read at scrape time. */
function registerGauges(registry: Registry, app: KineticPluginApp): void {
  // One scrape collects every gauge in the same synchronous pass: they share one snapshot,
  // so the figures agree with each other and the sessions are walked once per scrape.
  let snapshot: RegistryStats | undefined;
  const stats = (): RegistryStats => {
    if (snapshot === undefined) {
      snapshot = app.stats();
      queueMicrotask(() => {
        snapshot = undefined;
      });
    }
    return snapshot;
  };
  const registers = [registry];

  new Gauge({
    name: 'kinetic_sessions',
    help: 'Live sessions held, by state: attached (joined, with a transport), detached (in the grace period, waiting for a resume), pending (no view joined yet).',
    labelNames: ['state'],
    registers,
    collect() {
      const s = stats();
      this.set({ state: 'pending' }, s.pending);
      this.set({ state: 'detached' }, s.detached);
      this.set({ state: 'attached' }, s.attached);
    },
  });

  new Gauge({
    name: 'kinetic_connections',
    help: 'Live connections held, by transport.',
    labelNames: ['transport'],
    registers,
    collect() {
      // Reset first: a transport with no connection left must not keep its last value.
      this.reset();
      for (const [transport, count] of Object.entries(stats().connections)) {
        this.set({ transport }, count);
      }
    },
  });

  new Gauge({
    name: 'kinetic_views',
    help: 'Joined live views, by view and by the transport of their session (attached now, or last).',
    labelNames: ['view', 'transport'],
    registers,
    collect() {
      this.reset();
      for (const [view, byTransport] of stats().views) {
        for (const [transport, count] of Object.entries(byTransport)) {
          this.set({ view, transport }, count);
        }
      }
    },
  });

  new Gauge({
    name: 'kinetic_outbox_messages',
    help: 'Messages sent and not yet acknowledged by their clients, kept for a resume, over all sessions.',
    registers,
    collect() {
      this.set(stats().outbox.messages);
    },
  });

  new Gauge({
    name: 'kinetic_outbox_bytes',
    help: 'Approximate bytes of the messages not yet acknowledged, over all sessions.',
    registers,
    collect() {
      this.set(stats().outbox.bytes);
    },
  });

  new Gauge({
    name: 'kinetic_draining',
    help: '1 while the server shuts down gracefully (no new live connections), else 0.',
    registers,
    collect() {
      this.set(stats().draining ? 1 : 0);
    },
  });
}

/** Counters and histograms, fed by the hooks. */
function observe(registry: Registry, app: KineticPluginApp, maxEventLabels: number): void {
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers });
  const seconds = <L extends string>(name: string, help: string, labelNames: L[]) =>
    new Histogram<L>({ name, help, labelNames, buckets: SECONDS, registers });

  const joins = counter('kinetic_joins_total', 'Views joined by live clients.', ['view']);
  const remounts = counter(
    'kinetic_remounts_total',
    "Joins that mounted the view again instead of taking over the HTTP render's instance (the page was rendered by another process, or too long ago).",
    ['view'],
  );
  const connects = counter('kinetic_connects_total', 'Transports attached to a new session.', [
    'transport',
  ]);
  const resumes = counter(
    'kinetic_resumes_total',
    'Transports that resumed a session (after a network blip, a deploy, a switch of transport).',
    ['transport'],
  );
  const disconnects = counter('kinetic_disconnects_total', 'Connections ended, by reason.', [
    'reason',
  ]);
  const cutoffs = counter(
    'kinetic_slow_client_cutoffs_total',
    'Connections cut off because their client stayed too far behind (it resumes when it can).',
  );
  const events = counter('kinetic_events_total', 'Events handled, failed ones included.', [
    'view',
    'event',
  ]);
  const errors = counter('kinetic_errors_total', 'Failures reported to onError, by code.', [
    'code',
  ]);
  const refusals = counter(
    'kinetic_refusals_total',
    'What the runtime turned away on purpose (origin, CSRF, tokens, rate limits, caps), by code.',
    ['code'],
  );

  const eventDuration = seconds(
    'kinetic_event_duration_seconds',
    'Time to handle an event, render and diff included.',
    ['view', 'event'],
  );
  const mountDuration = seconds(
    'kinetic_mount_duration_seconds',
    'Time to mount a view: for the HTTP render (connected="false") or at a live join (connected="true").',
    ['view', 'connected'],
  );
  const infoDuration = seconds(
    'kinetic_info_duration_seconds',
    'Time to handle a message (handleInfo), render and diff included.',
    ['view'],
  );
  const paramsDuration = seconds(
    'kinetic_params_duration_seconds',
    'Time to handle a URL change (handleParams), render and diff included.',
    ['view'],
  );
  const renderDuration = seconds('kinetic_render_duration_seconds', 'Time to render a view.', [
    'view',
  ]);
  const diffDuration = seconds(
    'kinetic_diff_duration_seconds',
    'Time to diff a render against the one before.',
    ['view'],
  );
  const patchBytes = new Histogram({
    name: 'kinetic_patch_bytes',
    help: 'Bytes of the changes sent to a client after a step (patch and new statics).',
    labelNames: ['view'],
    buckets: BYTES,
    registers,
  });

  // Topics are the app's own strings (a room id): not a label, or one series per room.
  const broadcastBytes = new Histogram({
    name: 'kinetic_broadcast_bytes',
    help: 'Bytes of each message this process broadcast (encoded), by the view that sent it (`app` for app code).',
    labelNames: ['view'],
    buckets: BYTES,
    registers,
  });

  const eventLabel = eventLabeller(maxEventLabels);
  const transport = (t: string | undefined) => t ?? 'unknown';

  app.addHook('afterJoin', (ctx) => {
    if (ctx.error !== undefined) return;
    joins.inc({ view: ctx.view });
    // Incremented by 0 on a handoff, so the series exists (at 0) from the first join.
    remounts.inc({ view: ctx.view }, ctx.handedOff ? 0 : 1);
  });
  app.addHook('onConnect', (ctx) => {
    connects.inc({ transport: transport(ctx.session.transport) });
  });
  app.addHook('onReconnect', (ctx) => {
    resumes.inc({ transport: transport(ctx.session.transport) });
  });
  app.addHook('onDisconnect', (ctx) => {
    disconnects.inc({ reason: ctx.reason });
    if (ctx.reason === 'slow') cutoffs.inc();
  });
  app.addHook('afterEvent', (ctx) => {
    const labels = { view: ctx.view, event: eventLabel(ctx.view, ctx.event, ctx.error?.code) };
    events.inc(labels);
    eventDuration.observe(labels, ctx.durationMs / 1000);
  });
  app.addHook('afterMount', (ctx) => {
    mountDuration.observe(
      { view: ctx.view, connected: String(ctx.connected) },
      ctx.durationMs / 1000,
    );
  });
  app.addHook('afterInfo', (ctx) => {
    infoDuration.observe({ view: ctx.view }, ctx.durationMs / 1000);
  });
  app.addHook('afterParams', (ctx) => {
    paramsDuration.observe({ view: ctx.view }, ctx.durationMs / 1000);
  });
  app.addHook('afterRender', (ctx) => {
    renderDuration.observe({ view: ctx.view }, ctx.durationMs / 1000);
  });
  app.addHook('afterDiff', (ctx) => {
    diffDuration.observe({ view: ctx.view }, ctx.durationMs / 1000);
  });
  app.addHook('onPatch', (ctx) => {
    patchBytes.observe({ view: ctx.view }, ctx.bytes);
  });
  app.addHook('onBroadcast', (ctx) => {
    broadcastBytes.observe({ view: ctx.view ?? 'app' }, ctx.bytes);
  });
  app.addHook('onError', (ctx) => {
    errors.inc({ code: codeLabel(ctx.code) });
  });
  app.addHook('onRefuse', (ctx) => {
    refusals.inc({ code: codeLabel(ctx.code) });
  });
}

const codeLabel = (code: string): string => (CODE.test(code) ? code : 'other');

/**
 * The label value of an event name. The client chooses event names, so each view keeps
 * the first `max` distinct ones it handled and counts the rest as `_other`. A name the
 * view has no handler for is `_unknown` and takes no place: only a view with a catch-all
 * handleEvent can see arbitrary names reach its list.
 */
function eventLabeller(max: number) {
  const byView = new Map<string, Set<string>>();
  return (view: string, event: string, code: string | undefined): string => {
    if (code === 'KN_ERR_UNKNOWN_EVENT') return '_unknown';
    // Cut by code points, not UTF-16 units, so a cut never splits a character.
    const name =
      event.length > MAX_EVENT_NAME ? [...event].slice(0, MAX_EVENT_NAME).join('') : event;
    let seen = byView.get(view);
    if (seen === undefined) {
      seen = new Set();
      byView.set(view, seen);
    }
    if (seen.has(name)) return name;
    if (seen.size >= max) return '_other';
    seen.add(name);
    return name;
  };
}
