/** Views the harness's own tests drive, in both modes. */
import { defineComponent, defineView, type EventHandler, html, live } from '@kinetic/core';
import { kinetic } from '@kinetic/transport';
import Fastify from 'fastify';

export const SECRET = 'testing-secret-0123456789-0123456789-abcdef';

const record =
  (name: string): EventHandler<{ last: string }, unknown> =>
  (payload, socket) => {
    socket.assign({ last: `${name} ${JSON.stringify(payload)}` });
  };

/** Every binding the client knows, each recording what it received in #last. */
export const Bindings = defineView({
  name: 'Bindings',
  mount: () => ({ last: '' }),
  events: Object.fromEntries(
    [
      'clicked',
      'changed',
      'saved',
      'typed',
      'field',
      'pressed',
      'window-key',
      'focused',
      'blurred',
    ].map((name) => [name, record(name)]),
  ),
  render: ({ last }) => html`<section>
    <pre id="last">${last}</pre>
    <button id="add" lv-click="clicked" lv-value-id="7" lv-value-kind="book"><span id="label">Add</span></button>
    <button class="twin" lv-click="clicked">One</button><button class="twin" lv-click="clicked">Two</button>
    <p id="static">Nothing to click</p>
    <button id="off" lv-click="clicked" disabled>Off</button>
    <button id="ghost" lv-click="nobody-handles-this">Ghost</button>
    <form id="profile" lv-change="changed" lv-submit="saved">
      <input name="name" value="Ada">
      <input type="checkbox" name="news" value="yes" checked>
      <input type="checkbox" name="terms">
      <input type="radio" name="plan" value="free" checked><input type="radio" name="plan" value="pro">
      <select name="lang"><option value="en">English</option><option value="fr" selected>French</option></select>
      <select name="tags" multiple><option selected>a</option><option>b</option><option selected>c</option></select>
      <textarea name="bio">Hello there</textarea>
      <fieldset disabled><input name="archived" value="x"></fieldset>
      <input name="locked" value="x" disabled>
      <button type="submit" name="action" value="publish" id="publish">Publish</button>
    </form>
    <form id="static-form"><input name="q"></form>
    <input id="alone" name="alone" value="1" lv-change="field" lv-value-kind="solo">
    <input id="typing" name="typing" lv-input="typed">
    <input id="setpoint" lv-keydown="pressed" lv-key="Enter" value="20">
    <div lv-window-keyup="window-key" lv-key="Escape"></div>
    <input id="focusable" lv-focus="focused" lv-blur="blurred" lv-value-field="f" value="hi">
    <a id="next" href="?page=2" lv-patch>Next</a>
    <a id="plain-link" href="/elsewhere">Elsewhere</a>
  </section>`,
});

/** A live component: its own state and events, reached with lv-target; tells its view. */
export const Stepper = defineComponent({
  name: 'Stepper',
  mount: (_props: { label: string }) => ({ n: 0 }),
  events: {
    step: (payload, socket) => {
      socket.update('n', (n) => n + Number(payload.by ?? 1));
      socket.sendParent({ note: `stepped ${socket.assigns.n}` });
    },
  },
  render: ({ label, n, myself }) =>
    html`<span class="stepper"><button lv-click="step" lv-value-by="2" lv-target="${myself}">${label}</button> <b>${n}</b></span>`,
});

type ShopInfo = 'tick' | 'boom' | { note: string };

/** The lifecycle: params, session, URL changes, timers, messages, flash, pushes, gotos. */
export const Shop = defineView({
  name: 'Shop',
  mount: (params, session, socket) => {
    if (socket.connected) socket.every(1000, 'tick');
    return {
      user: String(session.user ?? 'guest'),
      id: String(params.id ?? ''),
      page: '1',
      ticks: 0,
      notes: [] as string[],
    };
  },
  handleParams: (params, _url, socket) => {
    socket.assign({ page: typeof params.page === 'string' ? params.page : '1' });
  },
  events: {
    next: (_p, socket) => {
      socket.patchURL(`/shop/${socket.assigns.id}?page=${Number(socket.assigns.page) + 1}`);
    },
    save: (_p, socket) => {
      socket.putFlash('info', 'Saved');
      socket.pushEvent('saved', { at: 1 });
    },
    leave: (_p, socket) => {
      socket.redirect('/bye');
    },
    elsewhere: (_p, socket) => {
      socket.navigate('/other');
    },
    later: (_p, socket) => {
      socket.sendInfo({ note: 'later' }, { after: 500 });
    },
    'fail-later': (_p, socket) => {
      socket.sendInfo('boom', { after: 10 });
    },
    ask: () => ({ reply: { answer: 42 } }),
    crash: () => {
      throw new Error('kaboom');
    },
  },
  handleInfo: (message: ShopInfo, socket) => {
    if (message === 'tick') socket.update('ticks', (n) => n + 1);
    else if (message === 'boom') throw new Error('info went boom');
    else socket.update('notes', (notes) => [...notes, message.note]);
  },
  title: ({ ticks }) => `Shop (${ticks})`,
  render: ({ user, id, page, ticks, notes, flash }) => html`<main>
    <h1>Shop ${id}</h1>
    <p id="user">${user}</p>
    <p id="page">page ${page}</p>
    <p id="ticks">${ticks}</p>
    <p id="flash">${flash.info ?? ''}</p>
    <ul id="notes">${notes.map((note) => html`<li>${note}</li>`)}</ul>
    <button id="next" lv-click="next">Next page</button>
    <a id="page-5" href="/shop/${id}?page=5" lv-patch>5</a>
    <a id="to-other" href="/other" lv-navigate>Other</a>
    ${live(Stepper, { id: 'stepper', label: 'Step' })}
  </main>`,
});

export const Other = defineView({
  name: 'Other',
  mount: () => ({}),
  title: () => 'Other page',
  render: () => html`<h1>Other page</h1>`,
});

/** A Fastify app with the three views behind real routes, a plain page and a redirect. */
export async function buildTestApp({ graceMs }: { graceMs?: number } = {}) {
  const app = Fastify();
  await app.register(kinetic, {
    secret: SECRET,
    ...(graceMs === undefined ? {} : { graceMs }),
    session: (request) => ({
      user:
        request.headers['x-user'] ?? /(?:^|; )user=(\w+)/.exec(request.headers.cookie ?? '')?.[1],
    }),
    logger: { error: () => {}, warn: () => {}, info: () => {} },
  });
  app.live('/bindings', Bindings).live('/shop/:id', Shop).live('/other', Other);
  app.get('/plain', async (_request, reply) => reply.type('text/html').send('<h1>Not live</h1>'));
  app.get('/login', async (_request, reply) => reply.redirect('/other'));
  return app;
}
