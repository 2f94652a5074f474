import { live, mount } from '@kinetic/testing';
import { describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { Search } from './search.js';

const shown = (view: Awaited<ReturnType<typeof mount>>) =>
  Array.from({ length: view.count('#results li') }, (_, i) =>
    view.text(`#results li:nth-child(${i + 1})`).replace(/ \d{4}$/, ''),
  );

describe('live search', () => {
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
    const view = await live(buildApp, '/');
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
    const app = await buildApp();
    try {
      const metrics = await app.inject('/metrics');
      expect(metrics.statusCode).toBe(200);
      expect(metrics.body).toMatch(/^kinetic_sessions\{state="attached"\} 0$/m);
      expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
      expect((await app.inject('/readyz')).json()).toEqual({ status: 'ready' });
    } finally {
      await app.close();
    }
  });
});
