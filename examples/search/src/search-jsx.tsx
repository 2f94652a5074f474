import { defineView } from '@kinetic/core';
import { searchLanguages } from './catalog.js';

const clockText = (date: Date) => date.toISOString().slice(11, 19);

/**
 * The live search of search.ts written in JSX, under its own view name; `buildApp(options,
 * { jsx: true })` serves it. The results are a keyed `.map()`, the JSX form of `each()`.
 */
export const SearchJsx = defineView({
  name: 'SearchJsx',
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
  render: ({ query, results, now }) => (
    <main>
      <h1>Live search</h1>
      <p class="meta">
        Server time <span id="clock">{clockText(now)}</span>
      </p>
      {/* biome-ignore lint/a11y/useSemanticElements: the markup of search.ts */}
      <form id="search-form" lv-change="search" lv-submit="search" role="search">
        <input
          id="q"
          type="search"
          name="q"
          value={query}
          placeholder="Search languages"
          autocomplete="off"
          lv-debounce="300"
        />
      </form>
      <p class="meta" id="count">
        {results.length} of 51 languages
      </p>
      <ul id="results">
        {results.map((language) => (
          <li key={language.id} id={`lang-${language.id}`}>
            {language.name} <span class="meta">{language.year}</span>
          </li>
        ))}
      </ul>
      <nav class="meta">
        Try:{' '}
        <a href="/?q=script" lv-patch>
          script
        </a>{' '}
        ·{' '}
        <a href="/?q=lisp" lv-patch>
          lisp
        </a>{' '}
        ·{' '}
        <a href="/" lv-patch>
          all
        </a>
      </nav>
    </main>
  ),
});
