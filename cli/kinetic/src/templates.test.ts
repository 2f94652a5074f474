import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../test/run-cli.js';
import { expandBlocks, fill, planLayers } from './templates.js';

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

describe('expandBlocks in JSX', () => {
  it('takes {/* #each */} and {/* #end */} markers among JSX children', () => {
    const text = [
      '<tr>',
      '  {/* #each field */}',
      '  <td>{item.__field__}</td>',
      '  {/* #end */}',
      '</tr>',
    ];
    expect(expandBlocks(text.join('\n'), { field: [{ field: 'a' }, { field: 'b' }] })).toBe(
      ['<tr>', '  <td>{item.a}</td>', '  <td>{item.b}</td>', '</tr>'].join('\n'),
    );
  });
});

describe('planLayers', () => {
  it('lets a later layer replace a file, and a .tsx replace the .ts of the same name', () => {
    const dir = tempDir();
    try {
      const put = (path: string, text: string) => {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), text);
      };
      put('html/views/__kebab__.ts', 'html view');
      put('html/views/__kebab__.test.ts', 'test');
      put('html/tsconfig.json', 'plain');
      put('jsx/views/__kebab__.tsx', 'jsx view of __Name__');
      put('jsx/tsconfig.json', 'with jsx');
      const files = planLayers([join(dir, 'html'), join(dir, 'jsx'), join(dir, 'missing')], {
        kebab: 'clock',
        Name: 'Clock',
      });
      expect(Object.fromEntries(files.map((file) => [file.path, file.contents]))).toEqual({
        [join('views', 'clock.test.ts')]: 'test',
        'tsconfig.json': 'with jsx',
        [join('views', 'clock.tsx')]: 'jsx view of Clock',
      });
    } finally {
      removeDir(dir);
    }
  });
});
