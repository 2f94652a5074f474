import { describe, expect, it } from 'vitest';
import type { __Name__Input } from './__kebab__.js';
import { Memory__Name__Store } from './__kebab__-store.js';

const input: __Name__Input = {
  // #each field
  __field__: __sample__,
  // #end
};

describe('Memory__Name__Store', () => {
  it('creates, lists, reads, updates and deletes __humans__', async () => {
    const store = new Memory__Name__Store();
    const created = await store.create(input);
    expect(await store.list()).toEqual([created]);
    expect(await store.get(created.id)).toEqual(created);

    const updated = await store.update(created.id, { ...input });
    expect(updated).toEqual({ ...input, id: created.id });

    expect(await store.delete(created.id)).toBe(true);
    expect(await store.list()).toEqual([]);
    expect(await store.get(created.id)).toBeUndefined();
  });

  it('updates nothing that is not there', async () => {
    const store = new Memory__Name__Store();
    expect(await store.update('missing', input)).toBeUndefined();
    expect(await store.delete('missing')).toBe(false);
  });
});
