import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeFrame } from './code-frame.js';
import { appFrame, locate } from './located-error.js';

const root = mkdtempSync(join(tmpdir(), 'kinetic-located-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('codeFrame', () => {
  it('shows the lines around the fault, the line marked and a caret under the column', () => {
    const source = ['one', 'two', 'three', 'four', 'five', 'six'].join('\n');
    expect(codeFrame(source, 3, 2)).toBe(
      ['  1 | one', '  2 | two', '> 3 | three', '    |  ^', '  4 | four', '  5 | five'].join('\n'),
    );
  });
});

describe('appFrame', () => {
  it('finds the first frame in the app’s own source', () => {
    const stack = [
      'Error: boom',
      `    at helper (${root}/node_modules/lib/index.js:1:1)`,
      `    at ${root}/.kinetic/dev/server.js:10:2`,
      `    at render (${root}/src/views/counter.ts:12:9)`,
      `    at mount (file://${root}/src/app.ts:3:4)`,
    ].join('\n');
    expect(appFrame(stack, root)).toEqual({
      file: `${root}/src/views/counter.ts`,
      line: 12,
      column: 9,
    });
  });

  it('finds nothing in a stack outside the app', () => {
    expect(appFrame('Error: x\n    at node:internal/main:1:1', root)).toBeUndefined();
  });
});

describe('locate', () => {
  it('adds the file, relative to the app, and its code frame', () => {
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'view.ts'), 'a\nb\nthrow new Error()\nd\n');
    const error = locate(
      root,
      { phase: 'render', message: 'boom', view: 'V' },
      `Error: boom\n    at render (${root}/src/view.ts:3:1)`,
    );
    expect(error).toMatchObject({
      phase: 'render',
      view: 'V',
      file: join('src', 'view.ts'),
      line: 3,
    });
    expect(error.frame).toContain('> 3 | throw new Error()');
  });
});
