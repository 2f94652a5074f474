import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { defineView, html } from '@kinetic/core';
import { LiveClient, loadPage } from '@kinetic/testing/wire';
import { type KineticOptions, kinetic } from '@kinetic/transport';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type MetricsOptions, metrics } from './metrics.js';

const SECRET = 'metrics-test-secret-0123456789-0123456789-abc';

const Counter = defineView({
  name: 'Counter',
  mount: () => ({ count: 0 }),
  events: {
    inc: (_p, socket) => {
      socket.update('count', (n: number) => n + 1);
    },
    fail: () => {
      throw new Error('handler exploded');
    },
  },
  render: ({ count }) => html`<p>Count: <b>${count}</b></p>`,
});

/** A view that takes any event name: the case label bounding is for. */
const CatchAll = defineView({
  name: 'CatchAll',
  mount: () => ({ last: '' }),
  handleEvent: (event, _payload, socket) => {
    socket.assign({ last: event.slice(0, 10) });
  },
  render: ({ last }) => html`<p>${last}</p>`,
});

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function start(metricsOptions: MetricsOptions = {}, options: Partial<KineticOptions> = {}) {
  const app = Fastify();
  // Default process metrics are left out: the assertions are about Kinetic's own.
  const plugin = metrics({ defaultMetrics: false, ...metricsOptions });
  await app.register(kinetic, { secret: SECRET, plugins: [plugin], ...options });
  app.live('/counter', Counter);
  app.live('/catch-all', CatchAll);
  await app.listen({ port: 0, host: '127.0.0.1' });
  apps.push(app);
  const { port } = app.server.address() as { port: number };
  return { app, plugin, base: `http://127.0.0.1:${port}` };
}

/** Waits for hooks that fire after the answer left (onPatch, onDisconnect, onReconnect). */
const settle = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Reads the Prometheus text format: its samples, and each metric's declared type. */
function parse(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1] as string, type[2] as string);
    if (line === '' || line.startsWith('#')) continue;
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key as string] = (raw as string).replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: sample[1] as string, labels, value: Number(sample[3]) });
  }
  return { samples, types };
}

/** Scrapes `/metrics` as Prometheus does. */
async function scrape(base: string, path = '/metrics') {
  const response = await fetch(base + path);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  const { samples, types } = parse(await response.text());
  /** The value of the sample with exactly these labels; undefined when there is none. */
  const value = (name: string, labels: Record<string, string> = {}) => {
    const wanted = Object.entries(labels);
    return samples.find(
      (s) =>
        s.name === name &&
        Object.keys(s.labels).length === wanted.length &&
        wanted.every(([k, v]) => s.labels[k] === v),
    )?.value;
  };
  /** The values one label takes over a metric's samples. */
  const labelValues = (name: string, label: string, where: Record<string, string> = {}) =>
    samples
      .filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v))
      .map((s) => s.labels[label]);
  return { samples, types, value, labelValues };
}

describe('metrics of a scripted session', () => {
  it('a join, five clicks, a failing handler and a reconnect, counted exactly', async () => {
    const { base } = await start();
    const page = await loadPage(base, '/counter');
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    await client.join(page, 1, '/counter');
    for (let i = 0; i < 5; i++) expect((await client.event(1, 'inc'))[0]).toBe('r');
    expect((await client.event(1, 'fail'))[2]).toBe('KN_ERR_VIEW_HANDLER');
    await settle();
    // Before the blip: every frame sent is kept for a resume (the client acknowledges every
    // 16 frames, and it has had fewer).
    const before = await scrape(base);
    expect(client.frames).toHaveLength(7); // the join's reply, five replies, the failure
    expect(before.value('kinetic_outbox_messages')).toBe(7);
    expect(before.value('kinetic_outbox_bytes')).toBeGreaterThan(0);
    client.kill();
    await settle();
    await client.connect();
    await settle();
    expect(client.hellos.at(-1)?.[2]).toBe(1); // resumed

    const m = await scrape(base);
    const view = { view: 'Counter' };
    expect(m.types.get('kinetic_joins_total')).toBe('counter');
    expect(m.types.get('kinetic_sessions')).toBe('gauge');
    expect(m.types.get('kinetic_event_duration_seconds')).toBe('histogram');

    // The join took over the HTTP render's instance: joined once, mounted no second time.
    expect(m.value('kinetic_joins_total', view)).toBe(1);
    expect(m.value('kinetic_remounts_total', view)).toBe(0);
    expect(m.value('kinetic_mount_duration_seconds_count', { ...view, connected: 'false' })).toBe(
      1,
    );
    expect(m.value('kinetic_mount_duration_seconds_count', { ...view, connected: 'true' })).toBe(
      undefined,
    );

    expect(m.value('kinetic_events_total', { ...view, event: 'inc' })).toBe(5);
    expect(m.value('kinetic_events_total', { ...view, event: 'fail' })).toBe(1);
    expect(m.value('kinetic_event_duration_seconds_count', { ...view, event: 'inc' })).toBe(5);
    expect(m.value('kinetic_event_duration_seconds_count', { ...view, event: 'fail' })).toBe(1);
    expect(m.value('kinetic_errors_total', { code: 'KN_ERR_VIEW_HANDLER' })).toBe(1);
    expect(m.labelValues('kinetic_errors_total', 'code')).toEqual(['KN_ERR_VIEW_HANDLER']);

    // Renders: the HTTP render, then one per click. The join rendered nothing (it took the
    // HTTP render's instance over, already rendered), the failing handler kept the previous
    // state (no render), and the resume renders nothing either: it replays the frames the
    // client has not acknowledged (none here, its resume acknowledged all seven).
    expect(m.value('kinetic_render_duration_seconds_count', view)).toBe(6);
    // Diffs: one per click. The HTTP render has nothing to diff against.
    expect(m.value('kinetic_diff_duration_seconds_count', view)).toBe(5);
    // A patch went to the client after each click, and none for the failure.
    expect(m.value('kinetic_patch_bytes_count', view)).toBe(5);
    expect(m.value('kinetic_patch_bytes_sum', view)).toBeGreaterThan(0);

    expect(m.value('kinetic_connects_total', { transport: 'websocket' })).toBe(1);
    expect(m.value('kinetic_resumes_total', { transport: 'websocket' })).toBe(1);
    expect(m.value('kinetic_disconnects_total', { reason: 'closed' })).toBe(1);
    expect(m.value('kinetic_slow_client_cutoffs_total')).toBe(0);

    // Gauges, as the runtime holds them now: one session, attached again after its blip.
    expect(m.value('kinetic_connections', { transport: 'websocket' })).toBe(1);
    expect(m.value('kinetic_views', { ...view, transport: 'websocket' })).toBe(1);
    expect(m.value('kinetic_sessions', { state: 'attached' })).toBe(1);
    expect(m.value('kinetic_sessions', { state: 'detached' })).toBe(0);
    expect(m.value('kinetic_sessions', { state: 'pending' })).toBe(0);
    expect(m.value('kinetic_draining')).toBe(0);
    // The resume's ack acknowledged everything the server had kept for it.
    expect(m.value('kinetic_outbox_messages')).toBe(0);
    expect(m.value('kinetic_outbox_bytes')).toBe(0);

    // No sample anywhere names the session.
    expect(m.samples.some((s) => Object.values(s.labels).includes(client.sid as string))).toBe(
      false,
    );
  });

  it("a join that cannot take over the HTTP render's instance is a remount", async () => {
    const { base } = await start();
    const page = await loadPage(base, '/counter');
    const first = new LiveClient(base, 'websocket', page.cookie);
    await first.connect();
    await first.join(page, 1, '/counter');
    // The same page joined again (a second tab restored from cache): its instance is gone.
    const second = new LiveClient(base, 'websocket', page.cookie);
    await second.connect();
    expect((await second.join(page, 1, '/counter'))[0]).toBe('r');
    await settle();
    const m = await scrape(base);
    expect(m.value('kinetic_joins_total', { view: 'Counter' })).toBe(2);
    expect(m.value('kinetic_remounts_total', { view: 'Counter' })).toBe(1);
    expect(
      m.value('kinetic_mount_duration_seconds_count', { view: 'Counter', connected: 'true' }),
    ).toBe(1);
    expect(m.value('kinetic_connects_total', { transport: 'websocket' })).toBe(2);
    expect(m.value('kinetic_views', { view: 'Counter', transport: 'websocket' })).toBe(2);
  });

  it('one metrics() per app: the same plugin in a second app is a clear error', async () => {
    const { plugin } = await start();
    const second = Fastify();
    await expect(second.register(kinetic, { secret: SECRET, plugins: [plugin] })).rejects.toThrow(
      /this registry already holds Kinetic metrics/,
    );
    await second.close();
  });

  it('with path: false nothing is served, and the registry has the figures', async () => {
    const { base, plugin } = await start({ path: false });
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    await loadPage(base, '/counter');
    const text = await plugin.registry.metrics();
    expect(text).toContain('kinetic_render_duration_seconds_count{view="Counter"} 1');
  });

  it('collects the default process metrics into its own registry when asked', async () => {
    const first = await start({ defaultMetrics: true });
    // A second app in the same process: its own registry, no clash.
    const second = await start({ defaultMetrics: true });
    for (const { base } of [first, second]) {
      const m = await scrape(base);
      expect(m.types.get('process_cpu_user_seconds_total')).toBe('counter');
      expect(m.value('kinetic_draining')).toBe(0);
    }
  });
});

describe('broadcasts', () => {
  it('each broadcast this process sends is measured, by sending view (app for app code)', async () => {
    const { app, base } = await start();
    await app.kinetic.pubsub.broadcast('orders', { id: 7 });
    await app.kinetic.pubsub.broadcast('orders', { id: 8, note: 'x'.repeat(100) });
    const m = await scrape(base);
    expect(m.value('kinetic_broadcast_bytes_count', { view: 'app' })).toBe(2);
    expect(m.value('kinetic_broadcast_bytes_sum', { view: 'app' })).toBeGreaterThan(100);
    // The topic is no label: one series per chat room would be unbounded.
    expect(
      m.samples.filter((s) => s.name.startsWith('kinetic_broadcast') && 'topic' in s.labels),
    ).toEqual([]);
  });
});

describe('label values stay bounded', () => {
  it('a view taking any event name keeps maxEventLabels names, the rest are _other', async () => {
    const { base } = await start({ maxEventLabels: 3 });
    const page = await loadPage(base, '/catch-all');
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    await client.join(page, 1, '/catch-all');
    // Under the protocol's own cap on names (256), over the label's (64).
    const long = 'x'.repeat(200);
    for (const name of [long, 'a', 'b', 'c', 'd', 'e', 'a']) {
      expect((await client.event(1, name))[0]).toBe('r');
    }
    await settle();
    const m = await scrape(base);
    const where = { view: 'CatchAll' };
    const labels = m.labelValues('kinetic_events_total', 'event', where);
    // The long name (cut short), then a and b; c, d and e went over the cap.
    expect(labels.sort()).toEqual(['_other', 'a', 'b', 'x'.repeat(64)]);
    expect(m.value('kinetic_events_total', { ...where, event: '_other' })).toBe(3);
    expect(m.value('kinetic_events_total', { ...where, event: 'a' })).toBe(2);
    // The histogram carries the same bounded names.
    expect(m.labelValues('kinetic_event_duration_seconds_count', 'event', where).sort()).toEqual(
      labels.sort(),
    );
  });

  it('an event the view has no handler for is _unknown, whatever its name', async () => {
    const { base } = await start({ maxEventLabels: 3 });
    const page = await loadPage(base, '/counter');
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    await client.join(page, 1, '/counter');
    for (const name of ['nope', 'constructor', 'zzz', 'yyy']) {
      expect((await client.event(1, name))[2]).toBe('KN_ERR_UNKNOWN_EVENT');
    }
    // Unknown names took no place: inc still gets its own label.
    await client.event(1, 'inc');
    await settle();
    const m = await scrape(base);
    expect(m.labelValues('kinetic_events_total', 'event', { view: 'Counter' }).sort()).toEqual([
      '_unknown',
      'inc',
    ]);
    expect(m.value('kinetic_events_total', { view: 'Counter', event: '_unknown' })).toBe(4);
    expect(m.value('kinetic_errors_total', { code: 'KN_ERR_UNKNOWN_EVENT' })).toBe(4);
  });
});

/** A WebSocket handshake from a page on another site; resolves with the HTTP status. */
function foreignUpgrade(base: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const upgrade = request(`${base}/_kinetic/live/websocket?vsn=1`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': Buffer.from('0123456789abcdef').toString('base64'),
        origin: 'https://evil.example',
      },
    });
    upgrade.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    upgrade.on('upgrade', (_response, socket) => {
      socket.destroy();
      reject(new Error('the foreign origin was let in'));
    });
    upgrade.on('error', reject);
    upgrade.end();
  });
}

describe('refusals', () => {
  it('a live connection from a foreign origin is counted as KN_ERR_ORIGIN', async () => {
    const { base } = await start();
    expect(await foreignUpgrade(base)).toBe(403);
    await settle();
    const m = await scrape(base);
    expect(m.value('kinetic_refusals_total', { code: 'KN_ERR_ORIGIN' })).toBe(1);
    expect(m.labelValues('kinetic_refusals_total', 'code')).toEqual(['KN_ERR_ORIGIN']);
  });

  it('requests over the rate limit are counted as KN_ERR_RATE_LIMITED', async () => {
    // A bucket of 3 that refills once in 1000 s: the join and two clicks take it all.
    const { base } = await start({}, { framesPerSecond: 0.001, frameBurst: 3 });
    const page = await loadPage(base, '/counter');
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    await client.join(page, 1, '/counter');
    expect((await client.event(1, 'inc'))[0]).toBe('r');
    expect((await client.event(1, 'inc'))[0]).toBe('r');
    // Refused and answered (under frameBurst refusals in a row, the session carries on).
    expect((await client.event(1, 'inc'))[2]).toBe('KN_ERR_RATE_LIMITED');
    expect((await client.event(1, 'inc'))[2]).toBe('KN_ERR_RATE_LIMITED');
    await settle();
    const m = await scrape(base);
    expect(m.value('kinetic_refusals_total', { code: 'KN_ERR_RATE_LIMITED' })).toBe(2);
    expect(m.value('kinetic_events_total', { view: 'Counter', event: 'inc' })).toBe(2);
  });
});

describe('the Grafana dashboard', () => {
  const dashboard = JSON.parse(
    readFileSync(new URL('../../../docs/grafana/kinetic-dashboard.json', import.meta.url), 'utf8'),
  ) as {
    title: string;
    uid: string;
    schemaVersion: number;
    templating: {
      list: Array<{ name: string; type: string; query: unknown; definition?: string }>;
    };
    panels: Array<{
      title: string;
      type: string;
      datasource?: { type: string; uid: string };
      gridPos: { x: number; y: number; w: number; h: number };
      targets?: Array<{ expr: string; datasource?: { uid: string } }>;
    }>;
  };

  it('is a Grafana dashboard on a Prometheus datasource variable', () => {
    expect(dashboard.title).toBeTypeOf('string');
    expect(dashboard.uid).toMatch(/^[\w-]{1,40}$/);
    expect(dashboard.schemaVersion).toBeGreaterThan(30);
    const variable = dashboard.templating.list.find((v) => v.type === 'datasource');
    expect(variable?.query).toBe('prometheus');
    for (const v of dashboard.templating.list.filter((v) => v.type === 'query')) {
      expect((v as { datasource?: unknown }).datasource, v.name).toEqual({
        type: 'prometheus',
        uid: `\${${variable?.name}}`,
      });
    }
    const queried = dashboard.panels.filter((p) => p.type !== 'row');
    expect(queried.length).toBeGreaterThan(0);
    for (const panel of queried) {
      expect(panel.datasource, panel.title).toEqual({
        type: 'prometheus',
        uid: `\${${variable?.name}}`,
      });
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      expect(panel.gridPos.w, panel.title).toBeGreaterThan(0);
    }
  });

  it('queries only metrics the plugin exposes, and shows each the brief asks for', async () => {
    const { plugin } = await start();
    // The names a Prometheus server stores: a histogram's series are _bucket, _sum, _count.
    const exposed = new Set<string>();
    // Every metric is declared (# TYPE) at each scrape, even one with no sample yet.
    for (const [name, type] of parse(await plugin.registry.metrics()).types) {
      if (type === 'histogram') {
        for (const suffix of ['_bucket', '_sum', '_count']) exposed.add(name + suffix);
      } else exposed.add(name);
    }
    const queries = [
      ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((t) => t.expr)),
      ...dashboard.templating.list.flatMap((v) => v.definition ?? []),
    ];
    const queried = new Set(
      queries.flatMap((q) => [...q.matchAll(/\bkinetic_\w+/g)].map(([n]) => n)),
    );
    expect([...queried].filter((name) => !exposed.has(name))).toEqual([]);
    for (const name of [
      'kinetic_sessions',
      'kinetic_connections',
      'kinetic_views',
      'kinetic_events_total',
      'kinetic_event_duration_seconds_bucket',
      'kinetic_render_duration_seconds_bucket',
      'kinetic_diff_duration_seconds_bucket',
      'kinetic_patch_bytes_bucket',
      'kinetic_errors_total',
      'kinetic_refusals_total',
      'kinetic_outbox_messages',
      'kinetic_outbox_bytes',
      'kinetic_slow_client_cutoffs_total',
    ]) {
      expect(queried, name).toContain(name);
    }
  });
});
