import {
  definePlugin,
  defineView,
  HOOK_NAMES,
  type HookContexts,
  type HookName,
  html,
} from '@kinetic/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveClient, loadPage, type TransportName } from '../test/live-client.js';
import { type FastifyKineticPlugin, type KineticOptions, kinetic } from './index.js';

const SECRET = 'hooks-test-secret-0123456789-0123456789-abc';

/** Makes Counter's authorize() throw: a failure outside any step of the view. */
let authorizeThrows = false;

const Counter = defineView({
  name: 'Counter',
  mount: () => ({ count: 0, step: 1 }),
  authorize: () => {
    if (authorizeThrows) throw new Error('authorize exploded');
    return true;
  },
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

const Other = defineView({
  name: 'Other',
  mount: () => ({ n: 0 }),
  events: { inc: (_p, s) => void s.update('n', (n: number) => n + 1) },
  render: ({ n }) => html`<i>${n}</i>`,
});

/** One record per hook call: its name and what tells the calls apart. */
type Call = string;

function describeCall<N extends HookName>(name: N, ctx: HookContexts[N]): Call {
  const c = ctx as unknown as Record<string, unknown>;
  const parts: string[] = [name];
  if (typeof c.view === 'string') parts.push(c.view);
  if (typeof c.event === 'string') parts.push(c.event);
  if ('connected' in c) parts.push(c.connected ? 'live' : 'http');
  if (typeof c.reason === 'string') parts.push(c.reason);
  if (typeof c.code === 'string') parts.push(c.code);
  if ('error' in c && c.error !== undefined && !('code' in c)) {
    parts.push(`failed:${(c.error as { code?: string }).code}`);
  }
  if (name === 'afterAssign') parts.push((ctx as HookContexts['afterAssign']).changed.join('+'));
  if (name === 'afterJoin' && (ctx as HookContexts['afterJoin']).handedOff) parts.push('handoff');
  return parts.join(' ');
}

/** A plugin on every hook point, recording each call once, in order. */
function recorder(calls: Call[], contexts: Array<[HookName, unknown]> = []): FastifyKineticPlugin {
  return definePlugin('recorder', (app) => {
    for (const name of HOOK_NAMES) {
      app.addHook(name, (ctx) => {
        calls.push(describeCall(name, ctx as never));
        contexts.push([name, ctx]);
      });
    }
  });
}

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function start(options: Partial<KineticOptions>, routes?: (app: FastifyInstance) => void) {
  const app = Fastify();
  await app.register(kinetic, { secret: SECRET, ...options });
  if (routes === undefined) app.live('/counter', Counter);
  else routes(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  apps.push(app);
  const { port } = app.server.address() as { port: number };
  return { app, base: `http://127.0.0.1:${port}` };
}

/** Waits for hooks that fire after the answer left (onPatch, onLeave, onDisconnect). */
async function settle(ms = 50) {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** The calls since `from`, minus the assign pairs (asserted once, in the HTTP render). */
const since = (calls: Call[], from: number) =>
  calls.slice(from).filter((c) => !c.startsWith('beforeAssign') && !c.startsWith('afterAssign'));

describe('every hook fires on the real path, in order, once (WebSocket)', () => {
  it('an HTTP render, a join, events, a message, a URL change, a failure, a reconnect, a leave, a shutdown', async () => {
    const calls: Call[] = [];
    const contexts: Array<[HookName, unknown]> = [];
    const { app, base } = await start({ plugins: [recorder(calls, contexts)] });

    const page = await loadPage(base, '/counter');
    expect(calls).toEqual([
      'beforeMount Counter http',
      'beforeAssign Counter',
      'afterAssign Counter count+step',
      // handleParams assigns the step it already has: nothing changed.
      'beforeAssign Counter',
      'afterAssign Counter ',
      'beforeRender Counter',
      'afterRender Counter',
      'afterMount Counter http',
    ]);

    const client = new LiveClient(base, 'websocket', page.cookie);
    let mark = calls.length;
    await client.connect();
    expect(since(calls, mark)).toEqual(['onConnect']);

    mark = calls.length;
    await client.join(page, 1, '/counter');
    expect(since(calls, mark)).toEqual(['beforeJoin Counter', 'afterJoin Counter handoff']);

    mark = calls.length;
    const incReply = await client.event(1, 'inc');
    await settle();
    expect(calls.slice(mark)).toEqual([
      'beforeEvent Counter inc',
      'beforeAssign Counter',
      'afterAssign Counter count',
      'beforeRender Counter',
      'afterRender Counter',
      'beforeDiff Counter',
      'afterDiff Counter',
      'afterEvent Counter inc',
      'onPatch Counter',
    ]);

    mark = calls.length;
    await client.event(1, 'later');
    await client.until(() => client.html(1).includes('101'));
    await settle();
    expect(since(calls, mark)).toEqual([
      'beforeEvent Counter later',
      'afterEvent Counter later',
      'beforeInfo Counter',
      'beforeRender Counter',
      'afterRender Counter',
      'beforeDiff Counter',
      'afterDiff Counter',
      'afterInfo Counter',
      'onPatch Counter',
    ]);

    mark = calls.length;
    await client.request(['u', 1, `${base}/counter?step=5`]);
    await settle();
    expect(since(calls, mark)).toEqual([
      'beforeParams Counter',
      'beforeRender Counter',
      'afterRender Counter',
      'beforeDiff Counter',
      'afterDiff Counter',
      'afterParams Counter',
      'onPatch Counter',
    ]);

    mark = calls.length;
    const failed = await client.event(1, 'fail');
    expect(failed[2]).toBe('KN_ERR_VIEW_HANDLER');
    await settle();
    expect(since(calls, mark)).toEqual([
      'beforeEvent Counter fail',
      'afterEvent Counter fail failed:KN_ERR_VIEW_HANDLER',
      'onError Counter KN_ERR_VIEW_HANDLER',
    ]);

    mark = calls.length;
    client.kill();
    await settle();
    await client.connect();
    await settle();
    expect(since(calls, mark)).toEqual(['onDisconnect closed', 'onReconnect']);

    mark = calls.length;
    await client.request(['l', 1]);
    await settle();
    expect(since(calls, mark)).toEqual(['onLeave Counter leave']);

    mark = calls.length;
    await app.close();
    expect(since(calls, mark)).toEqual(['onShutdown', 'onDisconnect ended']);

    // What the contexts carry: the session's log id, never its sid or key.
    const connect = contexts.find(
      ([name]) => name === 'onConnect',
    )?.[1] as HookContexts['onConnect'];
    expect(connect.session.transport).toBe('websocket');
    expect(connect.session.ip).toBe('127.0.0.1');
    expect(connect.session.id).toMatch(/^[\w-]{8}$/);
    expect(connect.session.id).not.toBe(client.sid);
    const event = contexts.find(
      ([name]) => name === 'afterEvent',
    )?.[1] as HookContexts['afterEvent'];
    expect(event.durationMs).toBeGreaterThanOrEqual(0);
    expect(event.session).toBe(connect.session);
    const diffed = contexts.find(
      ([name]) => name === 'afterDiff',
    )?.[1] as HookContexts['afterDiff'];
    expect(diffed.step?.kind).toBe('event');
    expect(diffed.patch).not.toBeNull();
    // onPatch counts the bytes of the changes as they went on the wire.
    const patch = contexts.find(([name]) => name === 'onPatch')?.[1] as HookContexts['onPatch'];
    expect(patch.bytes).toBe(Buffer.byteLength(JSON.stringify(incReply[2])));
    apps.splice(apps.indexOf(app), 1);
  });

  it('an exception outside any view step is a panic; the session carries on', async () => {
    const calls: Call[] = [];
    const contexts: Array<[HookName, unknown]> = [];
    const { base } = await start({ plugins: [recorder(calls, contexts)] });
    const page = await loadPage(base, '/counter');
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    // authorize() runs at the join again, and now throws: not a step of the view.
    authorizeThrows = true;
    try {
      const reply = await client.join(page, 1, '/counter');
      expect(reply[2]).toBe('KN_ERR_INTERNAL');
    } finally {
      authorizeThrows = false;
    }
    await settle();
    const panic = contexts.find(([name]) => name === 'onPanic')?.[1] as HookContexts['onPanic'];
    expect((panic.error as Error).message).toBe('authorize exploded');
    expect(panic.where).toBe('handling a "j" frame');
    expect(calls.filter((c) => c.startsWith('onPanic'))).toHaveLength(1);
    // The same session still joins.
    const again = await loadPage(base, '/counter', client.cookie);
    expect((await client.join(again, 2, '/counter'))[0]).toBe('r');
  });
});

describe.each<TransportName>(['sse', 'longpoll'])('connection hooks over %s', (transport) => {
  it('connect, disconnect and reconnect fire once each', async () => {
    const calls: Call[] = [];
    const contexts: Array<[HookName, unknown]> = [];
    const { base } = await start({
      plugins: [recorder(calls, contexts)],
      ...(transport === 'longpoll' ? { longPollGapMs: 100, longPollMs: 200 } : {}),
    });
    const page = await loadPage(base, '/counter');
    const client = new LiveClient(base, transport, page.cookie);
    let mark = calls.length;
    await client.connect();
    await client.join(page, 1, '/counter');
    await client.event(1, 'inc');
    await client.event(1, 'inc');
    // Long-poll polls many times in between: one connection all the same.
    await settle(450);
    expect(since(calls, mark).filter((c) => c.startsWith('on') && c !== 'onPatch Counter')).toEqual(
      ['onConnect'],
    );
    const connect = contexts.find(([n]) => n === 'onConnect')?.[1] as HookContexts['onConnect'];
    expect(connect.session.transport).toBe(transport);

    mark = calls.length;
    client.kill();
    await settle(transport === 'longpoll' ? 500 : 100);
    await client.connect();
    await settle();
    expect(since(calls, mark).filter((c) => c.startsWith('on'))).toEqual([
      'onDisconnect closed',
      'onReconnect',
    ]);
    await client.close();
  });
});

describe('what hooks may change', () => {
  it('a beforeEvent refuses an event: the client gets KN_ERR_REFUSED and the state is unchanged', async () => {
    const guard = definePlugin('owner-only', (app) => {
      app.addHook('beforeEvent', async (ctx) => {
        await new Promise((resolve) => setTimeout(resolve, 5)); // hooks may be async
        if (ctx.event === 'inc' && ctx.data.role !== 'owner') ctx.refuse('only the owner counts');
      });
    });
    const refusals: string[] = [];
    const audit = definePlugin('audit', (app) => {
      app.addHook('onRefuse', (ctx) => void refusals.push(`${ctx.code} ${ctx.view} ${ctx.ip}`));
    });
    const { base } = await start({
      plugins: [guard, audit],
      session: (request) => ({ role: request.headers['x-role'] === 'owner' ? 'owner' : 'guest' }),
    });
    const guestPage = await loadPage(base, '/counter');
    const guest = new LiveClient(base, 'websocket', guestPage.cookie);
    await guest.connect();
    await guest.join(guestPage, 1, '/counter');
    const refused = await guest.event(1, 'inc');
    expect(refused[0]).toBe('x');
    expect(refused[2]).toBe('KN_ERR_REFUSED');
    expect(refused[3]).toContain('only the owner counts');
    expect(guest.html(1)).toContain('<b>0</b>');
    await settle();
    expect(refusals).toEqual(['KN_ERR_REFUSED Counter 127.0.0.1']);

    const ownerPage = await loadPage(base, '/counter', undefined, { 'x-role': 'owner' });
    const owner = new LiveClient(base, 'websocket', ownerPage.cookie);
    await owner.connect();
    await owner.join(ownerPage, 1, '/counter');
    expect((await owner.event(1, 'inc'))[0]).toBe('r');
    expect(owner.html(1)).toContain('<b>1</b>');
  });

  it('a beforeMount refuses the HTTP render (403) and a beforeJoin refuses a join', async () => {
    let refuseMount = true;
    const gate = definePlugin('gate', (app) => {
      app.addHook('beforeMount', (ctx) => {
        if (refuseMount && !ctx.connected) ctx.refuse('closed for maintenance');
      });
      app.addHook('beforeJoin', (ctx) => {
        if (ctx.url.searchParams.get('join') === 'no') ctx.refuse('joins are off');
      });
    });
    const { base } = await start({ plugins: [gate] });
    const response = await fetch(`${base}/counter`);
    expect(response.status).toBe(403);
    refuseMount = false;
    const page = await loadPage(base, '/counter?join=no');
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    const reply = await client.join(page, 1, '/counter?join=no');
    expect(reply.slice(0, 1).concat(reply[2])).toEqual(['x', 'KN_ERR_REFUSED']);
    expect(String(reply[3])).toContain('joins are off');
  });

  it('a throwing hook is isolated: a guard fails its step only, any other hook is skipped', async () => {
    const errors: string[] = [];
    const buggy = definePlugin('buggy', (app) => {
      app.addHook('beforeEvent', (ctx) => {
        if (ctx.event === 'later') throw new Error('guard bug');
      });
      app.addHook('afterEvent', () => {
        throw new Error('observer bug');
      });
      app.addHook('onError', (ctx) => void errors.push(ctx.code));
    });
    const { base } = await start({ plugins: [buggy] });
    const page = await loadPage(base, '/counter');
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    await client.join(page, 1, '/counter');
    const failed = await client.event(1, 'later');
    expect(failed[2]).toBe('KN_ERR_HOOK_FAILED');
    expect(String(failed[3])).toContain('plugin buggy threw in its beforeEvent hook: guard bug');
    // The observer's bug does not touch the event: it is answered and counted.
    expect((await client.event(1, 'inc'))[0]).toBe('r');
    expect(client.html(1)).toContain('<b>1</b>');
    await settle();
    expect(errors).toContain('KN_ERR_HOOK_FAILED');
    // Another session is unaffected.
    const other = new LiveClient(base, 'websocket', (await loadPage(base, '/counter')).cookie);
    await other.connect();
    const otherPage = await loadPage(base, '/counter', other.cookie);
    await other.join(otherPage, 1, '/counter');
    expect((await other.event(1, 'inc'))[0]).toBe('r');
  });

  it('onRefuse hears a takeover attempt: a sid named without its key', async () => {
    const refusals: string[] = [];
    const audit = definePlugin('audit', (app) => {
      app.addHook('onRefuse', (ctx) => void refusals.push(`${ctx.code} ${ctx.ip}`));
    });
    const { base } = await start({ plugins: [audit] });
    const page = await loadPage(base, '/counter');
    const owner = new LiveClient(base, 'websocket', page.cookie);
    await owner.connect();
    await owner.join(page, 1, '/counter');
    const thief = new LiveClient(base, 'websocket', page.cookie);
    thief.sid = owner.sid;
    thief.key = 'not-the-key-of-this-session';
    const hello = await thief.connect();
    expect(hello[1]).not.toBe(owner.sid);
    await settle();
    expect(refusals).toEqual(['KN_ERR_SESSION_TAKEOVER 127.0.0.1']);
  });

  it('a hook on a point that does not exist is refused at startup, naming the points', async () => {
    const typo = definePlugin('typo', (app) => {
      app.addHook('beforeEvnt' as HookName, () => {});
    });
    await expect(start({ plugins: [typo] })).rejects.toThrow(
      /KN_ERR_BAD_HOOK: plugin typo registered a handler on "beforeEvnt".*beforeEvent/,
    );
  });
});

describe('encapsulation follows Fastify', () => {
  it("a plugin used in a Fastify context sees that context's live routes only", async () => {
    const everywhere: Call[] = [];
    const adminOnly: Call[] = [];
    const { base } = await start({ plugins: [recorder(everywhere)] }, (app) => {
      app.live('/counter', Counter);
      app.register(async (admin) => {
        await admin.useKinetic(
          definePlugin('admin-audit', (scope) => {
            scope.addHook('afterEvent', (ctx) => void adminOnly.push(`${ctx.view} ${ctx.event}`));
          }),
        );
        admin.live('/admin/other', Other);
      });
    });
    for (const path of ['/counter', '/admin/other']) {
      const page = await loadPage(base, path);
      const client = new LiveClient(base, 'websocket', page.cookie);
      await client.connect();
      await client.join(page, 1, path);
      await client.event(1, 'inc');
      await client.close();
    }
    expect(adminOnly).toEqual(['Other inc']);
    expect(everywhere.filter((c) => c.startsWith('afterEvent'))).toEqual([
      'afterEvent Counter inc',
      'afterEvent Other inc',
    ]);
  });

  it('connection hooks belong to the app: registering one in a context is a clear error', async () => {
    await expect(
      start({}, (app) => {
        app.register(async (scope) => {
          await scope.useKinetic(definePlugin('scoped', (s) => s.addHook('onConnect', () => {})));
        });
      }),
    ).rejects.toThrow(/plugin scoped registered onConnect inside a Fastify context/);
  });
});
