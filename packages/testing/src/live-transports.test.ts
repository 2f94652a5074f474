import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, Other } from '../test/views.js';
import { live, mount, type TestView, type TransportName } from './index.js';

const TRANSPORTS: TransportName[] = ['websocket', 'sse', 'longpoll'];

describe.each(TRANSPORTS)('live() over %s', (transport) => {
  let app: FastifyInstance;
  const open: TestView[] = [];

  beforeAll(async () => {
    app = await buildTestApp();
  });

  afterAll(async () => {
    await Promise.all(open.map((view) => view.close()));
    await app.close();
  });

  const visit = async (path: string) => {
    const view = await live(app, path, { transport });
    open.push(view);
    return view;
  };

  it('renders, clicks, and receives the server’s pushes', async () => {
    const view = await visit('/shop/1');
    expect(view.text('h1')).toBe('Shop 1');
    await view.click('#next');
    expect(view.text('#page')).toBe('page 2');
    expect(view.patchedTo).toBe('/shop/1?page=2');
    await view.click('.stepper button');
    await view.waitFor(() => view.text('#notes') === 'stepped 2');
    await view.sendInfo({ note: 'pushed' });
    expect(view.has('#notes li:last-child', { text: 'pushed' })).toBe(true);
  });

  it('sends forms and keys as the browser does', async () => {
    const view = await visit('/bindings');
    await view.change('#profile', { name: 'Grace' });
    expect(view.text('#last')).toMatch(/^changed \{"name":"Grace",.*"_target":"name"\}$/);
    await view.keydown('#setpoint', 'Enter', { value: '25' });
    expect(view.text('#last')).toBe('pressed {"key":"Enter","value":"25"}');
  });

  it('reconnect() resumes the session: the view keeps its state and is not mounted again', async () => {
    const view = await visit('/shop/2');
    await view.click('#next');
    await view.sendInfo({ note: 'before' });
    const { resumed } = await view.reconnect();
    expect(resumed).toBe(true);
    // A new mount would show page 1 (the page's URL) and no notes.
    expect(view.text('#page')).toBe('page 2');
    expect(view.text('#notes')).toBe('before');
    await view.click('#next');
    expect(view.text('#page')).toBe('page 3');
    await view.sendInfo({ note: 'after' });
    expect(view.count('#notes li')).toBe(2);
    expect(view.assigns).toMatchObject({ page: '3', notes: ['before', 'after'] });
  });

  it('what the server sent while the tab was offline arrives on resume', async () => {
    const view = await visit('/shop/4');
    expect(view.text('#ticks')).toBe('0');
    // The view's every(1000) ticks while the tab is away; the session keeps the frames.
    expect(await view.reconnect({ offlineMs: 1100 })).toEqual({ resumed: true });
    expect(Number(view.text('#ticks'))).toBeGreaterThanOrEqual(1);
  });

  it('reconnects twice in a row, each time into the same session', async () => {
    const view = await visit('/shop/3');
    await view.click('#next');
    expect(await view.reconnect()).toEqual({ resumed: true });
    expect(await view.reconnect()).toEqual({ resumed: true });
    await view.click('#next');
    expect(view.text('#page')).toBe('page 3');
  });
});

describe.each(TRANSPORTS)('a session gone by reconnect() over %s', (transport) => {
  let app: FastifyInstance;
  const open: TestView[] = [];

  beforeAll(async () => {
    // Sessions the server keeps 400 ms after their tab went away.
    app = await buildTestApp({ graceMs: 400 });
  });

  afterAll(async () => {
    await Promise.all(open.map((view) => view.close()));
    await app.close();
  });

  const visit = async (path: string) => {
    const view = await live(app, path, { transport });
    open.push(view);
    return view;
  };

  it('a session the server forgot: the tab joins a new one at its URL, as the browser does', async () => {
    const view = await visit('/shop/5');
    await view.click('#next');
    await view.sendInfo({ note: 'kept?' });
    const { resumed } = await view.reconnect({ offlineMs: 800 });
    expect(resumed).toBe(false);
    // Mounted again: the URL's page, none of the old session's notes.
    expect(view.text('#page')).toBe('page 2');
    expect(view.count('#notes li')).toBe(0);
    await view.click('#next');
    expect(view.text('#page')).toBe('page 3');
  });
});

it('reconnect() is live()-only: mount() has no connection to drop', async () => {
  const view = await mount(Other);
  await expect(view.reconnect()).rejects.toMatchObject({ code: 'KN_ERR_TEST_UNSUPPORTED' });
});
