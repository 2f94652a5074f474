import { renderedWithoutCompileStep } from '@kinetic/core/jsx-runtime';
import { live, mount } from '@kinetic/testing';
import { describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { Search } from './search.js';
import { SearchJsx } from './search-jsx.js';

const shown = (view: Awaited<ReturnType<typeof mount>>) =>
  Array.from({ length: view.count('#results li') }, (_, i) =>
    view.text(`#results li:nth-child(${i + 1})`).replace(/ \d{4}$/, ''),
  );

// Every test runs against the view and against its JSX twin, which the app serves with
// { jsx: true }.
describe.each([
  { how: 'html', Search, jsx: false },
  { how: 'JSX', Search: SearchJsx, jsx: true },
])('live search ($how)', ({ Search, jsx }) => {
  const app = () => buildApp({}, { jsx });

  it('lists every language before a search', async () => {
    const view = await mount(Search);
    expect(view.text('#count')).toBe('51 of 51 languages');
    expect(view.title).toBe('Search');
  });

  it('typing a query shows the matches and puts the query in the URL', async () => {
    const view = await mount(Search);
    await view.change('#search-form', { q: 'script' });
    expect(shown(view)).toEqual(['JavaScript', 'TypeScript']);
    expect(view.text('#count')).toBe('2 of 51 languages');
    expect(view.patchedTo).toBe('/?q=script');
    expect(view.url).toBe('http://localhost/?q=script');
    expect(view.attr('#q', 'value')).toBe('script');
    expect(view.title).toBe('Search: script');
  });

  it('going back (a patch to the old URL) shows every language again', async () => {
    const view = await mount(Search);
    await view.change('#q', 'rust');
    expect(shown(view)).toEqual(['Rust']);
    await view.patch('/');
    expect(view.text('#count')).toBe('51 of 51 languages');
    expect(view.attr('#q', 'value')).toBe('');
  });

  it('opens with the query of the URL, and the "lisp" link patches to its results', async () => {
    const view = await mount(Search, { url: '/?q=go' });
    expect(shown(view)).toEqual(['ALGOL', 'Go']);
    expect(view.attr('#q', 'value')).toBe('go');
    await view.click('a:contains("lisp")');
    expect(shown(view)).toEqual(['Common Lisp']);
    expect(view.url).toBe('http://localhost/?q=lisp');
  });

  it('submitting the form searches too', async () => {
    const view = await mount(Search);
    await view.submit('#search-form', { q: 'lisp' });
    expect(shown(view)).toEqual(['Common Lisp']);
  });

  it('works the same through the real app', async () => {
    const view = await live(app, '/');
    try {
      await view.change('#q', 'script');
      expect(shown(view)).toEqual(['JavaScript', 'TypeScript']);
      expect(view.patchedTo).toBe('/?q=script');
      await view.patch('/');
      expect(view.text('#count')).toBe('51 of 51 languages');
    } finally {
      await view.close();
    }
  });

  it('serves its metrics and health endpoints', async () => {
    const server = await buildApp({}, { jsx });
    try {
      const metrics = await server.inject('/metrics');
      expect(metrics.statusCode).toBe(200);
      expect(metrics.body).toMatch(/^kinetic_sessions\{state="attached"\} 0$/m);
      expect((await server.inject('/healthz')).json()).toEqual({ status: 'ok' });
      expect((await server.inject('/readyz')).json()).toEqual({ status: 'ready' });
    } finally {
      await server.close();
    }
  });
});

describe('the JSX twin', () => {
  it('renders the markup of search.ts (whitespace aside), compiled by @kinetic/jsx', async () => {
    // JSX trims the lines of its text and drops the whitespace between tags; nothing else differs.
    const flat = (html: string) =>
      html
        .replace(/>\s+</g, '><')
        .replace(/\s+/g, ' ')
        .replace(/\d\d:\d\d:\d\d/, 'hh:mm:ss');
    const [html, jsx] = [
      await mount(Search, { url: '/?q=o' }),
      await mount(SearchJsx, { url: '/?q=o' }),
    ];
    expect(flat(jsx.html())).toBe(flat(html.html()));
    expect(renderedWithoutCompileStep()).toBe(false);
  });
});
