import { describe, expect, it } from 'vitest';
import { empty__Name__Form, validate__Name__ } from './__kebab__.js';

/** A form a user could send, every field valid. */
const valid = {
  ...empty__Name__Form(),
  // #each field
  __field__: __formText__,
  // #end
};

describe('validate__Name__', () => {
  it('accepts a complete form and gives typed values', () => {
    const result = validate__Name__(valid);
    expect(result).toEqual({
      ok: true,
      input: {
        // #each field
        __field__: __sample__,
        // #end
      },
    });
  });

  it('says which field is blank', () => {
    const result = validate__Name__({ ...valid, __required__: '  ' });
    expect(result).toEqual({ ok: false, errors: { __required__: "can't be blank" } });
  });
});
