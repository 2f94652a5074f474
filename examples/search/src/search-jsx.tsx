import { defineView } from '@kinetic/core';
import { Search } from './search.js';

const clockText = (date: Date) => date.toISOString().slice(11, 19);

/**
 * The live search of search.ts written in JSX, under its own view name; `buildApp(options,
 * { jsx: true })` serves it. The results are a keyed `.map()`, the JSX form of `each()`.
 */
export const SearchJsx = defineView({
  // The state, events and title of search.ts: only the template is written again.
  ...Search,
  name: 'SearchJsx',
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
