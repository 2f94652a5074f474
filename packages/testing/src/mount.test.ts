import { defineComponent, defineView, each, html } from '@kinetic/core';
import { describe, expect, it } from 'vitest';
import { Other, Shop, Stepper } from '../test/views.js';
import { mount, mountComponent } from './index.js';

const shop = (options: Parameters<typeof mount>[1] = {}) =>
  mount(Shop, { route: '/shop/:id', url: '/shop/42', ...options });

describe('mount()', () => {
  it('mounts with route params from the URL, query params and session', async () => {
    const view = await shop({ url: '/shop/42?page=3', session: { user: 'ada' } });
    expect(view.text('h1')).toBe('Shop 42');
    expect(view.text('#page')).toBe('page 3');
    expect(view.text('#user')).toBe('ada');
    expect(view.assigns).toMatchObject({ id: '42', page: '3', user: 'ada' });
    expect(view.title).toBe('Shop (0)');
  });

  it('takes route params from `params` when no route is given', async () => {
    const view = await mount(Shop, { params: { id: '7' } });
    expect(view.text('h1')).toBe('Shop 7');
  });

  it('follows patchURL: handleParams runs and the address bar moves', async () => {
    const view = await shop();
    await view.click('#next');
    expect(view.text('#page')).toBe('page 2');
    expect(view.patchedTo).toBe('/shop/42?page=2');
    expect(view.url).toBe('http://localhost/shop/42?page=2');
  });

  it('an lv-patch link and patch() run handleParams with the new URL', async () => {
    const view = await shop();
    await view.click('#page-5');
    expect(view.text('#page')).toBe('page 5');
    await view.patch('/shop/42?page=9');
    expect(view.text('#page')).toBe('page 9');
    expect(view.url).toBe('http://localhost/shop/42?page=9');
  });

  it('records pushed events, flash, redirects and navigation', async () => {
    const view = await shop();
    await view.pushEvent('save');
    expect(view.text('#flash')).toBe('Saved');
    expect(view.flash).toEqual({ info: 'Saved' });
    expect(view.pushedEvents).toEqual([{ event: 'saved', payload: { at: 1 } }]);
    await view.pushEvent('leave');
    expect(view.redirectedTo).toBe('/bye');
    await view.pushEvent('elsewhere');
    expect(view.navigatedTo).toBe('/other');
  });

  it('resolves pushEvent with the handler’s reply, as a hook sees it', async () => {
    const view = await shop();
    expect(await view.pushEvent('ask')).toEqual({ answer: 42 });
  });

  it('navigate() remounts the view at another URL of its route', async () => {
    const view = await shop();
    await view.click('#next');
    await view.navigate('/shop/9');
    expect(view.text('h1')).toBe('Shop 9');
    expect(view.text('#page')).toBe('page 1');
  });

  it('advanceTimers runs every() and delayed sendInfo in order, and the title follows', async () => {
    const view = await shop();
    await view.advanceTimers(999);
    expect(view.text('#ticks')).toBe('0');
    await view.advanceTimers(1);
    expect(view.text('#ticks')).toBe('1');
    await view.pushEvent('later');
    await view.advanceTimers(2000);
    expect(view.text('#ticks')).toBe('3');
    expect(view.text('#notes')).toBe('later');
    expect(view.title).toBe('Shop (3)');
  });

  it('sendInfo reaches handleInfo', async () => {
    const view = await shop();
    await view.sendInfo({ note: 'hello' });
    expect(view.has('#notes li', { text: 'hello' })).toBe(true);
  });

  it('a live component gets its events through lv-target, and its sendParent arrives', async () => {
    const view = await shop();
    await view.click('.stepper button');
    expect(view.text('.stepper b')).toBe('2');
    expect(view.text('#notes')).toBe('stepped 2');
  });

  it('mountComponent tests a live component alone', async () => {
    const stepper = await mountComponent(Stepper, { id: 's', label: 'Go' });
    await stepper.click('button');
    await stepper.click('button');
    expect(stepper.text('b')).toBe('4');
    expect(stepper.assigns.messages).toEqual([{ note: 'stepped 2' }, { note: 'stepped 4' }]);
  });

  it('close() runs terminate and stops the timers', async () => {
    const ended: string[] = [];
    const Ticking = defineView({
      name: 'Ticking',
      mount: (_p, _s, socket) => {
        socket.every(10, 'tick');
        return { n: 0 };
      },
      handleInfo: (_m: 'tick', socket) => {
        socket.update('n', (n) => n + 1);
      },
      terminate: (reason) => {
        ended.push(reason);
      },
      render: ({ n }) => html`<b>${n}</b>`,
    });
    const view = await mount(Ticking);
    await view.advanceTimers(30);
    expect(view.text('b')).toBe('3');
    await view.close();
    expect(ended).toEqual(['leave']);
  });

  it('keeps the DOM from patches in wire form: a keyed list reorders', async () => {
    const row = (item: string) => html`<li>${item}</li>`;
    const List = defineView({
      name: 'List',
      mount: () => ({ items: ['a', 'b', 'c'] }),
      events: {
        reverse: (_p, socket) => {
          socket.update('items', (items) => [...items].reverse());
        },
      },
      render: ({ items }) =>
        html`<ul>${each(items, (i) => i, row)}</ul><button lv-click="reverse">R</button>`,
    });
    const view = await mount(List);
    await view.click('button');
    expect(view.html('ul')).toBe('<ul><li>c</li><li>b</li><li>a</li></ul>');
  });

  it('a function component inside a live component renders as the client sees it', async () => {
    const Badge = defineComponent({
      name: 'Badge',
      render: ({ myself }) => html`<i id="${myself}">badge</i>`,
    });
    const view = await mountComponent(Badge, { id: 'b1' });
    expect(view.html()).toContain('data-lv-component="b1"');
    expect(view.text('#b1')).toBe('badge');
  });

  it('mounts a view without a title or handleParams', async () => {
    const view = await mount(Other);
    expect(view.text()).toBe('Other page');
    expect(view.title).toBe('Other page');
  });
});
