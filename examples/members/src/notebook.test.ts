import { mount } from '@kinetic/testing';
import { describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { NoteStore, notebookView } from './notebook.js';

describe('a notebook', () => {
  it('adds notes to its owner’s notebook', async () => {
    const view = await mount(notebookView(new NoteStore()), {
      params: { owner: 'ann' },
      session: { member: 'ann' },
    });
    await view.submit('#add', { text: 'buy milk' });
    expect(view.text('#count')).toBe('1 note');
    expect(view.text('#notes')).toContain('buy milk');
  });

  it('opens only for its owner: others get 403, strangers the sign-in page', async () => {
    const app = await buildApp();
    const signIn = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=ann&next=%2Fnotes%2Fann',
    });
    expect(signIn.statusCode).toBe(302);
    const cookie = String(signIn.headers['set-cookie']).split(';')[0] as string;
    expect((await app.inject({ url: '/notes/ann', headers: { cookie } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/notes/bob', headers: { cookie } })).statusCode).toBe(403);
    const stranger = await app.inject('/notes/ann');
    expect(stranger.statusCode).toBe(302);
    expect(stranger.headers.location).toBe('/login?next=%2Fnotes%2Fann');
    // A forged cookie is nobody.
    const forged = await app.inject({
      url: '/notes/ann',
      headers: { cookie: 'member=ann.forged' },
    });
    expect(forged.statusCode).toBe(302);
    await app.close();
  });

  it('a "next" that leaves the site is ignored', async () => {
    const app = await buildApp();
    const signIn = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=ann&next=%2F%2Fevil.example%2F',
    });
    expect(signIn.headers.location).toBe('/notes/ann');
    await app.close();
  });
});
