import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue } from './codec.js';

const roundTrip = (value: unknown) => decodeValue(encodeValue(value, 'value'));

describe('the codec of values that leave the process', () => {
  it('round-trips JSON and what JSON cannot say', () => {
    const value = {
      text: 'hé "quoted"',
      n: 1.5,
      flags: [true, false, null],
      missing: undefined,
      when: new Date('2026-12-04T01:02:03.004Z'),
      tags: new Set(['a', 'b']),
      byId: new Map<unknown, unknown>([
        [1, { name: 'one' }],
        ['two', new Date(0)],
      ]),
      big: 12345678901234567890n,
      odd: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0],
      nested: { deeper: [{ x: undefined }] },
    };
    const back = roundTrip(value) as typeof value;
    expect(back).toEqual(value);
    expect(back.when).toBeInstanceOf(Date);
    expect(back.tags).toBeInstanceOf(Set);
    expect(back.byId.get(1)).toEqual({ name: 'one' });
    expect(back.byId.get('two')).toEqual(new Date(0));
    expect(typeof back.big).toBe('bigint');
    expect('missing' in back).toBe(true);
  });

  it('keeps a plain object that happens to use the tag as a key', () => {
    const value = { $kn: 'd', v: '2020-01-01', inner: { $kn: 'u' } };
    expect(roundTrip(value)).toEqual(value);
  });

  it('refuses what is not data, naming where it is', () => {
    expect(() => encodeValue({ user: { save() {} } }, 'the message')).toThrow(
      /KN_ERR_NOT_SERIALIZABLE: the message\.user\.save is a function/,
    );
    class Account {
      id = 1;
    }
    expect(() => encodeValue({ list: [1, new Account()] }, 'the message')).toThrow(
      /the message\.list\[1\] is an instance of Account/,
    );
    expect(() => encodeValue({ s: Symbol('x') }, 'm')).toThrow(/m\.s is a symbol/);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => encodeValue(cycle, 'm')).toThrow(/m\.self is a cycle/);
    // The same object twice, side by side, is no cycle.
    const shared = { a: 1 };
    expect(roundTrip({ x: shared, y: shared })).toEqual({ x: { a: 1 }, y: { a: 1 } });
  });
});
