import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../test/run-cli.js';
import { viewFailure } from './view-failure.js';

let root: string;
afterEach(() => removeDir(root));

const view = [
  "import { defineView, html } from '@kinetic/core';",
  'export const Counter = defineView({',
  "  name: 'Counter',",
  '  render: () => html`<div>',
  '    <button lv-click="incc">+</button>',
  '  </div>`,',
  '});',
].join('\n');

function app(): string[] {
  root = tempDir();
  mkdirSync(join(root, 'src', 'views'), { recursive: true });
  const file = join(root, 'src', 'views', 'counter.ts');
  writeFileSync(file, view);
  const other = join(root, 'src', 'routes.ts');
  writeFileSync(other, 'export {};');
  return [other, file];
}

describe('viewFailure', () => {
  it('places an unknown event at the binding that sends it', () => {
    const sources = app();
    const error = viewFailure(
      root,
      {
        type: 'view-error',
        view: 'Counter',
        phase: 'handler',
        code: 'KN_ERR_UNKNOWN_EVENT',
        message:
          'KN_ERR_UNKNOWN_EVENT: view Counter has no handler for event "incc". Add "incc" to its events.',
        // Thrown inside @kinetic/core: nothing of the app's on the stack.
        stack:
          'KineticError: …\n    at unknownEvent (/elsewhere/node_modules/@kinetic/core/dist/errors.js:1:1)',
      },
      sources,
    );
    expect(error).toMatchObject({
      phase: 'handler',
      view: 'Counter',
      file: join('src', 'views', 'counter.ts'),
      line: 5,
      column: 13,
    });
    expect(error.frame).toContain('> 5 |     <button lv-click="incc">+</button>');
  });

  it('places a handler that threw at its own frame', () => {
    const sources = app();
    const file = join(root, 'src', 'views', 'counter.ts');
    const error = viewFailure(
      root,
      {
        type: 'view-error',
        view: 'Counter',
        phase: 'handler',
        code: 'KN_ERR_VIEW_HANDLER',
        message: 'KN_ERR_VIEW_HANDLER: view Counter threw in handleEvent("inc"): boom.',
        stack: `Error: boom\n    at inc (${file}:4:3)`,
      },
      sources,
    );
    expect(error).toMatchObject({ file: join('src', 'views', 'counter.ts'), line: 4, column: 3 });
  });
});
