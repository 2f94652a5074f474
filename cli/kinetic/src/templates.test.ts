import { describe, expect, it } from 'vitest';
import { expandBlocks, fill } from './templates.js';

describe('fill', () => {
  it('replaces known placeholders, inside identifiers too', () => {
    expect(
      fill('class Memory__Name__Store {} // __names__', { Name: 'Post', names: 'posts' }),
    ).toBe('class MemoryPostStore {} // posts');
  });

  it('tells __names__ from __name__ and leaves unknown ones', () => {
    expect(fill('__name__ __names__ __dirname', { name: 'post', names: 'posts' })).toBe(
      'post posts __dirname',
    );
  });

  it('takes replacement text literally ($ is not special)', () => {
    expect(fill('x: __cell__', { cell: "$1 $& $$ $'" })).toBe("x: $1 $& $$ $'");
  });
});

describe('expandBlocks', () => {
  it('repeats a block once per item, in code and in markup', () => {
    const text = [
      'interface A {',
      '  // #each field',
      '  __field__: __type__;',
      '  // #end',
      '}',
      '<tr>',
      '  <!-- #each field -->',
      '  <td>__field__</td>',
      '  <!-- #end -->',
      '</tr>',
    ].join('\n');
    const fields = [
      { field: 'title', type: 'string' },
      { field: 'votes', type: 'number' },
    ];
    expect(expandBlocks(text, { field: fields })).toBe(
      [
        'interface A {',
        '  title: string;',
        '  votes: number;',
        '}',
        '<tr>',
        '  <td>title</td>',
        '  <td>votes</td>',
        '</tr>',
      ].join('\n'),
    );
  });
});
