import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../test/views.js';
import { live, type TestView, ViewError } from './index.js';

let app: FastifyInstance;
const open: TestView[] = [];

/** A live view on the shared app, closed after the suite. */
async function visit(path: string, options?: Parameters<typeof live>[2]): Promise<TestView> {
  const view = await live(app, path, options);
  open.push(view);
  return view;
}

beforeAll(async () => {
  app = await buildTestApp();
});

afterAll(async () => {
  await Promise.all(open.map((view) => view.close()));
  await app.close();
});

describe('live()', () => {
  it('renders over HTTP, joins over a real WebSocket, and clicks travel as frames', async () => {
    const view = await visit('/shop/42?page=3', { headers: { 'x-user': 'ada' } });
    expect(view.text('h1')).toBe('Shop 42');
    expect(view.text('#page')).toBe('page 3');
    expect(view.text('#user')).toBe('ada');
    expect(view.title).toBe('Shop (0)');
    await view.click('#next');
    expect(view.text('#page')).toBe('page 4');
    expect(view.patchedTo).toBe('/shop/42?page=4');
    expect(view.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/shop\/42\?page=4$/);
  });

  it('sends the cookies it is given along with the CSRF cookie it receives', async () => {
    const view = await visit('/shop/1', { headers: { Cookie: 'user=lin' } });
    expect(view.text('#user')).toBe('lin');
    await view.click('#to-other');
    expect(view.text('h1')).toBe('Other page');
    await view.navigate('/shop/2');
    expect(view.text('#user')).toBe('lin');
    await view.click('#next');
    expect(view.text('#page')).toBe('page 2');
  });

  it('sends the same payloads as mount(): forms, keys, focus', async () => {
    const view = await visit('/bindings');
    await view.change('#profile', { name: 'Grace', terms: true });
    expect(view.text('#last')).toMatch(
      /^changed \{"name":"Grace",.*"terms":"on".*"_target":"name"\}$/,
    );
    await view.submit('#publish');
    expect(view.text('#last')).toContain('"action":"publish"');
    await view.keydown('#setpoint', 'Enter', { value: '25' });
    expect(view.text('#last')).toBe('pressed {"key":"Enter","value":"25"}');
    await view.blur('#focusable');
    expect(view.text('#last')).toBe('blurred {"value":"hi","field":"f"}');
  });

  it('lv-patch links and patch() send a url frame; handleParams runs', async () => {
    const view = await visit('/shop/7');
    await view.click('#page-5');
    expect(view.text('#page')).toBe('page 5');
    await view.patch('/shop/7?page=8');
    expect(view.text('#page')).toBe('page 8');
  });

  it('reads assigns and flash of the joined view, and sendInfo reaches handleInfo', async () => {
    const view = await visit('/shop/1');
    await view.pushEvent('save');
    expect(view.text('#flash')).toBe('Saved');
    expect(view.flash).toEqual({ info: 'Saved' });
    expect(view.pushedEvents).toEqual([{ event: 'saved', payload: { at: 1 } }]);
    expect(view.assigns).toMatchObject({ id: '1', page: '1' });
    await view.sendInfo({ note: 'over the wire' });
    expect(view.text('#notes')).toBe('over the wire');
    expect(await view.pushEvent('ask')).toEqual({ answer: 42 });
  });

  it('runs real timers: waitFor sees the pushed diffs and the new title', async () => {
    const view = await visit('/shop/2');
    await view.waitFor(() => view.text('#ticks') === '1', { timeout: 3000 });
    await view.waitFor(() => view.title === 'Shop (1)');
  });

  it('a component’s sendParent arrives as a server push', async () => {
    const view = await visit('/shop/3');
    await view.click('.stepper button');
    expect(view.text('.stepper b')).toBe('2');
    await view.waitFor(() => view.text('#notes') === 'stepped 2');
  });

  it('navigates to another live view over the same socket', async () => {
    const view = await visit('/shop/4');
    await view.click('#to-other');
    expect(view.text('h1')).toBe('Other page');
    expect(view.title).toBe('Other page');
    expect(view.url).toMatch(/\/other$/);
    await expect(view.pushEvent('elsewhere')).rejects.toMatchObject({
      code: 'KN_ERR_UNKNOWN_EVENT',
    });
  });

  it('records redirects and navigation the view asks for', async () => {
    const view = await visit('/shop/5');
    await view.pushEvent('leave');
    await view.pushEvent('elsewhere');
    expect(view.redirectedTo).toBe('/bye');
    expect(view.navigatedTo).toBe('/other');
  });

  it('an unknown event rejects with the server’s KN_ERR_UNKNOWN_EVENT', async () => {
    const view = await visit('/bindings');
    const error = await view.click('#ghost').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ViewError);
    expect(error).toMatchObject({ code: 'KN_ERR_UNKNOWN_EVENT' });
    expect(String(error)).toContain('"nobody-handles-this"');
    await view.click('#add');
    expect(view.text('#last')).toBe('clicked {"id":"7","kind":"book"}');
  });

  it('a timer that fails on the server rejects waitFor and is listed in errors', async () => {
    const view = await visit('/shop/8');
    await view.pushEvent('fail-later');
    const error = await view.waitFor(() => false).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'KN_ERR_VIEW_HANDLER' });
    expect(String(error)).toContain('info went boom');
    expect(view.errors).toEqual([error]);
  });

  it('advanceTimers explains that live() runs on real timers', async () => {
    const view = await visit('/shop/6');
    await expect(view.advanceTimers(1000)).rejects.toMatchObject({
      code: 'KN_ERR_TEST_LIVE_ONLY_TIMERS',
    });
  });

  it('refuses pages that are not live, and failed requests', async () => {
    await expect(live(app, '/plain')).rejects.toMatchObject({ code: 'KN_ERR_TEST_NOT_LIVE' });
    await expect(live(app, '/missing')).rejects.toMatchObject({ code: 'KN_ERR_TEST_HTTP' });
    const redirect = await live(app, '/login').catch((e: Error) => e);
    expect(redirect).toMatchObject({ code: 'KN_ERR_TEST_HTTP' });
    expect(String(redirect)).toContain('redirect to /other');
  });

  it('close() ends the view; a later interaction is refused', async () => {
    const view = await live(app, '/shop/9');
    await view.close();
    await expect(view.click('#next')).rejects.toMatchObject({ code: 'KN_ERR_TEST_CLOSED' });
  });

  it('owns and closes an app it built itself', async () => {
    let built: FastifyInstance | undefined;
    const view = await live(async () => {
      built = await buildTestApp();
      return built;
    }, '/other');
    expect(view.text('h1')).toBe('Other page');
    await view.close();
    expect(built?.server.listening).toBe(false);
  });
});
