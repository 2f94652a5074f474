import { defineView, html } from '@kinetic/core';
import { describe, expect, it } from 'vitest';
import { Bindings, Shop } from '../test/views.js';
import { KineticTestError, mount } from './index.js';

/** The rejection of `run`, for asserting its code and message. */
async function failure(run: () => Promise<unknown>): Promise<Error & { code: string }> {
  try {
    await run();
  } catch (error) {
    return error as Error & { code: string };
  }
  throw new Error('expected a rejection');
}

describe('errors that help', () => {
  it('a selector that matches nothing names the selector and shows the view', async () => {
    const view = await mount(Bindings);
    const error = await failure(() => view.click('#missing'));
    expect(error).toBeInstanceOf(KineticTestError);
    expect(error.code).toBe('KN_ERR_TEST_NO_MATCH');
    expect(error.message).toContain('"#missing"');
    expect(error.message).toContain('<pre id="last">');
  });

  it('a selector that matches several elements lists them', async () => {
    const view = await mount(Bindings);
    const error = await failure(() => view.click('.twin'));
    expect(error.code).toBe('KN_ERR_TEST_MANY_MATCHES');
    expect(error.message).toContain('matches 2 elements');
    expect(error.message).toContain('<button class="twin" lv-click="clicked">One</button>');
    expect(error.message).toContain('>Two</button>');
  });

  it('an element without lv-click names what is missing and shows the element', async () => {
    const view = await mount(Bindings);
    const error = await failure(() => view.click('#static'));
    expect(error.code).toBe('KN_ERR_TEST_NO_BINDING');
    expect(error.message).toContain('"#static" has no lv-click');
    expect(error.message).toContain('<p id="static">Nothing to click</p>');
    expect((await failure(() => view.click('#plain-link'))).code).toBe('KN_ERR_TEST_NO_BINDING');
  });

  it('forms and fields without the binding, and fields the form lacks, are named', async () => {
    const view = await mount(Bindings);
    const change = await failure(() => view.change('#static-form', { q: 'x' }));
    expect(change.code).toBe('KN_ERR_TEST_NO_BINDING');
    expect(change.message).toContain('lv-change');
    expect((await failure(() => view.submit('#static-form'))).code).toBe('KN_ERR_TEST_NO_BINDING');
    const field = await failure(() => view.change('#profile', { nmae: 'typo' }));
    expect(field.code).toBe('KN_ERR_TEST_NO_FIELD');
    expect(field.message).toContain('"nmae"');
    expect(field.message).toContain('"name"');
    expect((await failure(() => view.change('#profile', { locked: 'x' }))).code).toBe(
      'KN_ERR_TEST_NO_FIELD',
    );
    expect((await failure(() => view.change('#profile', 'text'))).code).toBe(
      'KN_ERR_TEST_BAD_VALUES',
    );
    expect((await failure(() => view.keydown('#static', 'Enter'))).code).toBe(
      'KN_ERR_TEST_NO_BINDING',
    );
    expect((await failure(() => view.focus('#static'))).code).toBe('KN_ERR_TEST_NO_BINDING');
  });

  it('a disabled button cannot be clicked', async () => {
    const view = await mount(Bindings);
    const error = await failure(() => view.click('#off'));
    expect(error.code).toBe('KN_ERR_TEST_DISABLED');
    expect(error.message).toContain('<button id="off" lv-click="clicked" disabled>Off</button>');
  });

  it('an invalid selector is reported as such', async () => {
    const view = await mount(Bindings);
    expect((await failure(() => view.click('button['))).code).toBe('KN_ERR_TEST_BAD_SELECTOR');
    expect(() => view.text('##')).toThrow(/KN_ERR_TEST_BAD_SELECTOR/);
  });

  it('queries that need one element throw the same errors', async () => {
    const view = await mount(Bindings);
    expect(() => view.text('.twin')).toThrow(/KN_ERR_TEST_MANY_MATCHES/);
    expect(() => view.attr('#nope', 'id')).toThrow(/KN_ERR_TEST_NO_MATCH/);
    expect(view.has('#nope')).toBe(false);
  });

  it('an event the view does not handle rejects with the view’s own error', async () => {
    const view = await mount(Bindings);
    const error = await failure(() => view.click('#ghost'));
    expect(error.code).toBe('KN_ERR_UNKNOWN_EVENT');
    expect(error.message).toContain('"nobody-handles-this"');
    expect(error.message).toContain('Bindings');
  });

  it('a handler that throws rejects with KN_ERR_VIEW_HANDLER and the view keeps its state', async () => {
    const view = await mount(Shop, { params: { id: '1' } });
    const error = await failure(() => view.pushEvent('crash'));
    expect(error.code).toBe('KN_ERR_VIEW_HANDLER');
    expect(error.message).toContain('kaboom');
    await view.click('#next');
    expect(view.text('#page')).toBe('page 2');
  });

  it('a timer whose handleInfo throws rejects advanceTimers and is listed in errors', async () => {
    const view = await mount(Shop, { params: { id: '1' } });
    expect((await failure(() => view.sendInfo('boom'))).code).toBe('KN_ERR_VIEW_HANDLER');
    const Boom = defineView({
      name: 'Boom',
      mount: (_p, _s, socket) => {
        socket.sendInfo('boom', { after: 5 });
        return {};
      },
      handleInfo: () => {
        throw new Error('late failure');
      },
      render: () => html`<p>ok</p>`,
    });
    const boom = await mount(Boom);
    const error = await failure(() => boom.advanceTimers(5));
    expect(error.code).toBe('KN_ERR_VIEW_HANDLER');
    expect(error.message).toContain('late failure');
    expect(boom.errors).toEqual([error]);
  });

  it('a timer that re-arms itself with no delay is reported, not looped forever', async () => {
    const Spin = defineView({
      name: 'Spin',
      mount: (_p, _s, socket) => {
        socket.sendInfo('again', { after: 1 });
        return {};
      },
      handleInfo: (_m: string, socket) => {
        socket.sendInfo('again');
      },
      render: () => html`<p>spin</p>`,
    });
    const view = await mount(Spin);
    expect((await failure(() => view.advanceTimers(1))).code).toBe('KN_ERR_TEST_RUNAWAY_TIMERS');
  });

  it('a closed view refuses interactions', async () => {
    const view = await mount(Bindings);
    await view.close();
    expect((await failure(() => view.click('#add'))).code).toBe('KN_ERR_TEST_CLOSED');
  });

  it('waitFor times out with the view’s HTML', async () => {
    const view = await mount(Bindings);
    const error = await failure(() => view.waitFor(() => view.has('#never'), { timeout: 20 }));
    expect(error.code).toBe('KN_ERR_TEST_TIMEOUT');
    expect(error.message).toContain('<pre id="last">');
  });
});
