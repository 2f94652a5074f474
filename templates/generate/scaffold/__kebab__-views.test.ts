import { live, mount } from '@kinetic/testing';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import type { __Name__Input } from './__kebab__.js';
import { Memory__Name__Store } from './__kebab__-store.js';
import { __name__Views } from './__kebab__-views.js';

const input: __Name__Input = {
  // #each field
  __field__: __sample__,
  // #end
};

function setup() {
  const store = new Memory__Name__Store();
  return { store, views: __name__Views(store) };
}

describe('__humans__', () => {
  it('lists __humans__, and deletes one once the user confirms', async () => {
    const { store, views } = setup();
    const item = await store.create(input);
    const view = await mount(views.__Name__Index);
    const row = `#__kebab__-${item.id}`;
    expect(view.has(row)).toBe(true);
    await view.click(`${row} button[lv-click=ask]`);
    expect(view.text(row)).toContain(`Delete __human__ ${item.id}?`);
    await view.click(`${row} button[lv-click=cancel]`);
    expect(view.has(`${row} button[lv-click=ask]`)).toBe(true);
    expect(await store.list()).toHaveLength(1);

    await view.click(`${row} button[lv-click=ask]`);
    await view.click(`${row} button[lv-click=delete]`);
    expect(view.has(row)).toBe(false);
    expect(await store.list()).toEqual([]);
    expect(view.text('.flash')).toBe(`__Title__ ${item.id} deleted`);
  });

  it('deletes nothing on a delete the user did not confirm', async () => {
    const { store, views } = setup();
    const item = await store.create(input);
    const view = await mount(views.__Name__Index);
    await view.pushEvent('delete', { id: item.id });
    expect(await store.list()).toHaveLength(1);
  });

  it('shows one __human__, and a 404 for an id there is none of', async () => {
    const { store, views } = setup();
    const item = await store.create(input);
    const view = await mount(views.__Name__Show, { params: { id: item.id } });
    expect(view.text('h1')).toBe(`__Title__ ${item.id}`);
    await expect(mount(views.__Name__Show, { params: { id: '999' } })).rejects.toMatchObject({
      code: 'KN_ERR_NOT_FOUND',
    });
    await expect(mount(views.__Name__Edit, { params: { id: '999' } })).rejects.toMatchObject({
      code: 'KN_ERR_NOT_FOUND',
    });
  });

  it('creates a __human__ once the form is valid, and shows errors until then', async () => {
    const { store, views } = setup();
    const view = await mount(views.__Name__Edit, { url: '/__kebabs__/new' });
    await view.submit('form', { __required__: '' });
    expect(view.text('#__required__-error')).toBe("can't be blank");
    expect(await store.list()).toEqual([]);

    await view.submit('form', {
      // #each field
      __field__: __formSample__,
      // #end
    });
    const [saved] = await store.list();
    expect(saved).toEqual({ ...input, id: saved?.id });
    expect(view.navigatedTo).toBe(`/__kebabs__/${saved?.id}`);
    // The flash goes with the navigate, to the __human__'s page.
    expect(view.flash).toEqual({ info: '__Title__ created' });
  });

  it('edits a __human__, starting from its values', async () => {
    const { store, views } = setup();
    const item = await store.create(input);
    const view = await mount(views.__Name__Edit, { params: { id: item.id } });
    expect(view.text('h1')).toBe(`Edit __human__ ${item.id}`);
    await view.change('form', { __required__: '' });
    expect(view.has('#__required__-error')).toBe(true);
    await view.submit('form', { __required__: __requiredSample__ });
    expect(await store.get(item.id)).toEqual({ ...item, __required__: __requiredTyped__ });
    expect(view.flash).toEqual({ info: '__Title__ updated' });
  });

  it('is served at /__kebabs__, and /__kebabs__/999 is a 404', async () => {
    const view = await live(buildApp, '/__kebabs__');
    try {
      expect(view.text('h1')).toBe('__Titles__');
    } finally {
      await view.close();
    }
    await expect(live(buildApp, '/__kebabs__/999')).rejects.toMatchObject({
      code: 'KN_ERR_TEST_HTTP',
      message: expect.stringContaining('404'),
    });
  });
});
