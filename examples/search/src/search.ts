import { defineView, each, html } from '@kinetic/core';
import { type Language, searchLanguages } from './catalog.js';

const row = (language: Language) =>
  html`<li id="lang-${language.id}">${language.name} <span class="meta">${language.year}</span></li>`;

const clockText = (date: Date) => date.toISOString().slice(11, 19);

/**
 * Live search: results follow the input (debounced), the query lives in the URL so
 * links and the back button work, and a clock ticks while you type.
 */
export const Search = defineView({
  name: 'Search',
  mount: (_params, _session, socket) => {
    if (socket.connected) socket.every(1000, 'tick');
    return { query: '', results: searchLanguages(''), now: new Date() };
  },
  handleParams: (params, _url, socket) => {
    const query = typeof params.q === 'string' ? params.q : '';
    socket.assign({ query, results: searchLanguages(query) });
  },
  events: {
    search: (payload, socket) => {
      const query = typeof payload.q === 'string' ? payload.q.slice(0, 100) : '';
      if (query === socket.assigns.query) return;
      socket.patchURL(query === '' ? '/' : `/?q=${encodeURIComponent(query)}`);
    },
  },
  handleInfo: (_message: 'tick', socket) => {
    socket.assign({ now: new Date() });
  },
  title: ({ query }) => (query ? `Search: ${query}` : 'Search'),
  render: ({ query, results, now }) => html`<main>
    <h1>Live search</h1>
    <p class="meta">Server time <span id="clock">${clockText(now)}</span></p>
    <form id="search-form" lv-change="search" lv-submit="search" role="search">
      <input id="q" type="search" name="q" value="${query}" placeholder="Search languages" autocomplete="off" lv-debounce="300">
    </form>
    <p class="meta" id="count">${results.length} of 51 languages</p>
    <ul id="results">${each(results, (l) => l.id, row)}</ul>
    <nav class="meta">Try: <a href="/?q=script" lv-patch>script</a> · <a href="/?q=lisp" lv-patch>lisp</a> · <a href="/" lv-patch>all</a></nav>
  </main>`,
});
