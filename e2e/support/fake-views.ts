/** The views the browser runtime is tested against (see fake-live-server.ts). */
import { each, html, raw } from '@kinetic/diff';
import { view } from './fake-live-server.js';

// ---------------------------------------------------------------------------------------
// The views under test.

export const counter = view({
  mount: () => ({ count: 0 }),
  render: ({ count }) => html`<p id="count">${count}</p>
<button id="inc" lv-click="inc">+</button>
<button id="slow" lv-click="slow">slow +</button>
<button id="boom" lv-click="boom">boom</button>`,
  delayMs: (event) => (event === 'slow' ? 600 : 0),
  handleEvent(event, _payload, { count }) {
    if (event === 'boom') return { fail: 'the boom handler failed on purpose' };
    return { state: { count: count + 1 } };
  },
});

export const typing = view({
  mount: () => ({ text: '', tick: 0 }),
  render: ({ text, tick }) => html`<p id="tick">tick ${tick}</p>
<input id="name" name="name" lv-input="typed" value="${text}" data-tick="${tick}">
<p id="echo">${text}</p>`,
  delayMs: () => 120,
  handleEvent: (_event, payload, state) => ({ state: { ...state, text: String(payload.value) } }),
});

export const search = view({
  mount: () => ({ q: '' }),
  render: ({ q }) => html`<input id="q" name="q" lv-change="search" lv-debounce="200">
<p id="result">${q}</p>`,
  handleEvent: (_event, payload) => ({ state: { q: String(payload.value) } }),
});

export const form = view({
  mount: () => ({ title: '', status: 'new' }),
  render: ({ title, status }) => html`<form id="f" lv-change="validate" lv-submit="save">
<input id="title" name="title" lv-debounce="1000" value="${title}">
<select id="kind" name="kind"><option value="a">A</option><option value="b" selected>B</option></select>
<input type="checkbox" id="t1" name="tags" value="x" checked>
<input type="checkbox" id="t2" name="tags" value="y">
<input type="checkbox" id="t3" name="tags" value="z" checked>
<input type="checkbox" id="flag" name="flag" value="on">
<button id="save" type="submit" lv-disable-with="Saving...">Save</button>
</form><p id="status">${status}</p>`,
  delayMs: (event) => (event === 'save' ? 500 : 0),
  handleEvent(event, payload, state) {
    if (event === 'validate') return { state: { ...state, title: String(payload.title) } };
    return { state: { title: '', status: `saved ${String(payload.title)}` } };
  },
});

const PINGER_SCRIPT = `<script>
window.KineticHooks = { Pinger: {
  mounted() {
    document.body.dataset.mounted = this.el.id;
    this.handleEvent('ping', (p) => {
      document.body.dataset.ping = String(p.n);
      this.pushEvent('pong', { n: p.n }).then((reply) => { document.body.dataset.reply = JSON.stringify(reply); });
    });
  },
  disconnected() { document.body.dataset.hookDisconnected = 'yes'; },
  reconnected() { document.body.dataset.hookReconnected = 'yes'; },
} };
addEventListener('lv:ping', (e) => { document.body.dataset.windowPing = String(e.detail.n); });
</script>`;

export const pinger = view({
  head: PINGER_SCRIPT,
  mount: () => ({ pongs: 0 }),
  render: ({ pongs }) =>
    html`<div id="pinger" lv-hook="Pinger">hooked</div><p id="pongs">${pongs}</p>`,
  handleEvent: (_event, payload, { pongs }) => ({
    state: { pongs: pongs + 1 },
    reply: { ok: Number(payload.n) * 2 },
  }),
});

export interface Row {
  id: number;
  text: string;
}
const row = (r: Row) => html`<li id="row-${r.id}">${r.text}</li>`;
const feedRow = (r: Row) => html`<li id="feed-${r.id}">${r.text}</li>`;
export const stream = view({
  mount: () => ({
    batch: [
      { id: 1, text: 'one' },
      { id: 2, text: 'two' },
    ] as Row[],
  }),
  render: ({ batch }) => html`<ul id="rows" lv-update="append">${each(batch, (r) => r.id, row)}</ul>
<ul id="feed" lv-update="prepend">${each(batch, (r) => r.id, feedRow)}</ul>
<button id="more" lv-click="more">more</button><button id="edit" lv-click="edit">edit</button>`,
  handleEvent: (event) =>
    event === 'more'
      ? {
          state: {
            batch: [
              { id: 3, text: 'three' },
              { id: 4, text: 'four' },
            ],
          },
        }
      : { state: { batch: [{ id: 1, text: 'one (edited)' }] } },
});

const item = (i: Row) => html`<li id="item-${i.id}">${i.text}</li>`;
export const keyed = view({
  mount: () => ({ items: [1, 2, 3, 4, 5].map((id) => ({ id, text: `item ${id}` })) }),
  render: ({ items }) => html`<ul id="items">${each(items, (i) => i.id, item)}</ul>
<button id="reverse" lv-click="reverse">reverse</button><button id="rotate" lv-click="rotate">rotate</button>
<button id="remove" lv-click="remove">remove odd</button><button id="insert" lv-click="insert">insert</button>`,
  handleEvent(event, _payload, { items }) {
    if (event === 'reverse') return { state: { items: [...items].reverse() } };
    if (event === 'rotate') return { state: { items: [...items.slice(1), ...items.slice(0, 1)] } };
    if (event === 'remove') return { state: { items: items.filter((i) => i.id % 2 === 0) } };
    return { state: { items: [{ id: 9, text: 'item 9' }, ...items] } };
  },
});

const editRow = (i: Row) =>
  html`<li id="edit-row-${i.id}"><label>${i.text}</label><input id="edit-${i.id}" value="${i.text}"></li>`;
export const editable = view({
  mount: () => ({ items: [1, 2, 3, 4, 5].map((id) => ({ id, text: `item ${id}` })) }),
  render: ({ items }) => html`<ul id="edit-rows">${each(items, (i) => i.id, editRow)}</ul>`,
});

export const parent = view({
  mount: (token) => ({ count: 0, child: `child:${token.split(':')[1]}` }),
  render: ({ count, child }) => html`<p id="parent-count">${count}</p>
<button id="parent-inc" lv-click="inc">parent +</button>
<div id="nested" data-live-view="child" data-lv-token="${child}">${raw('<p>loading</p>')}</div>`,
  handleEvent: (_event, _payload, state) => ({ state: { ...state, count: state.count + 1 } }),
});
export const child = view({
  mount: () => ({ count: 0 }),
  render: ({ count }) =>
    html`<p id="child-count">${count}</p><button id="child-inc" lv-click="inc">child +</button>`,
  handleEvent: (_event, _payload, { count }) => ({ state: { count: count + 1 } }),
});

export const paged = view({
  mount: () => ({ page: '1' }),
  render: ({ page }) => html`<p id="page">page ${page}</p>
<a id="to-2" href="/paged?page=2" lv-patch>2</a> <a id="to-3" href="/paged?page=3" lv-patch>3</a>
<a id="away" href="/other" lv-navigate>other view</a>`,
  handleParams: (url) => ({ page: url.searchParams.get('page') ?? '1' }),
});
export const other = view({
  mount: () => ({ count: 0 }),
  render: ({ count }) =>
    html`<h1 id="other">other view</h1><p id="other-count">${count}</p><button id="other-inc" lv-click="inc">+</button>`,
  handleEvent: (_event, _payload, { count }) => ({ state: { count: count + 1 } }),
});

export const keys = view({
  mount: () => ({ log: [] as string[] }),
  render: ({
    log,
  }) => html`<input id="k" lv-keydown="key" lv-key="Enter" lv-target="7" lv-value-kind="box">
<span lv-window-keyup="wkey" lv-key="escape"></span><p id="log">${log.join(',')}</p>`,
  handleEvent: (event, payload, { log }, target) => ({
    state: { log: [...log, `${event}:${String(payload.key)}:${target ?? '-'}`] },
  }),
});
