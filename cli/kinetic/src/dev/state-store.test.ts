import type { ViewInstance } from '@kinetic/core/runtime';
import { describe, expect, it } from 'vitest';
import { isPlainData } from './plain-data.js';
import { DevStateStore } from './state-store.js';

const instance = (name: string, state: Record<string, unknown>, terminated = false) =>
  ({ name, terminated, socket: { state } }) as unknown as ViewInstance;

describe('DevStateStore', () => {
  it('hands saved state to the view that re-joins with its token', () => {
    const store = new DevStateStore(new Map([['t1', { count: 5 }]]));
    expect(store.saved('t1')).toEqual({ count: 5 });
    expect(store.saved('t2')).toBeUndefined();
  });

  it('snapshots live views, and saved states whose view has not re-joined yet', () => {
    const store = new DevStateStore(new Map([['waiting', { count: 1 }]]));
    store.joined('live', instance('Counter', { count: 7 }));
    expect([...store.snapshot()]).toEqual([
      ['waiting', { view: '', assigns: { count: 1 } }],
      ['live', { view: 'Counter', assigns: { count: 7 } }],
    ]);
  });

  it('gives a token that joins again the state its view has now', () => {
    const store = new DevStateStore(new Map([['t1', { count: 3 }]]));
    expect(store.saved('t1')).toEqual({ count: 3 });
    store.joined('t1', instance('Counter', { count: 4 }));
    // The page reloaded (its layout changed) and handed its token on.
    expect(store.saved('t1')).toEqual({ count: 4 });
  });

  it('forgets views that ended', () => {
    const store = new DevStateStore();
    const gone = instance('Counter', { count: 1 }, true);
    store.joined('gone', gone);
    store.joined('other', instance('Counter', { count: 2 }));
    expect([...store.snapshot().keys()]).toEqual(['other']);
  });
});

describe('isPlainData', () => {
  it('accepts what a structured clone keeps as it is', () => {
    expect(
      isPlainData({
        n: 1,
        s: 'a',
        list: [1, { deep: true }],
        at: new Date(),
        tags: new Set(['x']),
        m: new Map([[1, 'a']]),
        none: null,
      }),
    ).toBe(true);
  });

  it('refuses functions and class instances', () => {
    class Money {
      constructor(readonly cents: number) {}
    }
    expect(isPlainData({ format: () => '' })).toBe(false);
    expect(isPlainData({ price: new Money(5) })).toBe(false);
    expect(isPlainData({ list: [new Money(1)] })).toBe(false);
  });

  it('copes with cycles', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(isPlainData(a)).toBe(true);
  });
});
