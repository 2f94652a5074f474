import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { removeDir, tempDir } from '../../test/run-cli.js';
import { DevChannel } from './dev-channel.js';
import { DevProxy } from './dev-proxy.js';
import { editorCommand, openInEditor } from './editor.js';

const dir = tempDir();
mkdirSync(join(dir, 'src', 'views'), { recursive: true });
writeFileSync(join(dir, 'src', 'views', 'counter.ts'), 'export {};\n');
// A stand-in editor: writes the arguments it was started with.
const opened = join(dir, 'opened.json');
const editor = join(dir, 'editor.mjs');
writeFileSync(
  editor,
  `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(opened)}, JSON.stringify(process.argv.slice(2)));\n`,
);
const env = { KINETIC_EDITOR: `${process.execPath} ${editor}` };
afterAll(() => removeDir(dir));

describe('editorCommand', () => {
  it('speaks each editor’s way of saying file and line', () => {
    expect(editorCommand('code', '/a/b.ts', 3, 7)).toEqual(['code', ['-g', '/a/b.ts:3:7']]);
    expect(editorCommand('nvim', '/a/b.ts', 3, 7)).toEqual(['nvim', ['+3', '/a/b.ts']]);
    expect(editorCommand('/usr/bin/subl -n', '/a/b.ts', 3, 7)).toEqual([
      '/usr/bin/subl',
      ['-n', '/a/b.ts:3:7'],
    ]);
    expect(editorCommand('gedit', '/a/b.ts', 3)).toEqual(['gedit', ['/a/b.ts']]);
  });
});

describe('openInEditor', () => {
  afterEach(() => {
    if (existsSync(opened)) writeFileSync(opened, '');
  });

  it('opens a file of the app in the editor', async () => {
    const result = openInEditor(dir, { file: 'src/views/counter.ts', line: 4, column: 2 }, env);
    expect(result).toEqual({ ok: true });
    await vi.waitFor(() => expect(readFileSync(opened, 'utf8')).not.toBe(''));
    expect(JSON.parse(readFileSync(opened, 'utf8'))).toEqual([
      join(dir, 'src', 'views', 'counter.ts'),
    ]);
  });

  it('refuses files outside the app, and files that do not exist', () => {
    expect(openInEditor(dir, { file: '../../etc/passwd' }, env)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(openInEditor(dir, { file: '/etc/passwd' }, env)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(openInEditor(dir, { file: 'src/nope.ts' }, env)).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(openInEditor(dir, { line: 1 }, env)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('the dev server’s open endpoint', () => {
  it('takes JSON from its own pages only', async () => {
    const asked: unknown[] = [];
    const proxy = new DevProxy(new DevChannel(), (request) => {
      asked.push(request);
      return { ok: true };
    });
    const port = await proxy.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${port}/__kinetic/dev/open`;
    const body = JSON.stringify({ file: 'src/views/counter.ts', line: 2 });
    try {
      const own = await fetch(url, {
        method: 'POST',
        headers: { origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json' },
        body,
      });
      expect(own.status).toBe(204);
      const foreign = await fetch(url, {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
        body,
      });
      expect(foreign.status).toBe(403);
      const form = await fetch(url, {
        method: 'POST',
        headers: { origin: `http://127.0.0.1:${port}`, 'content-type': 'text/plain' },
        body,
      });
      expect(form.status).toBe(403);
      expect(asked).toEqual([{ file: 'src/views/counter.ts', line: 2 }]);
    } finally {
      await proxy.close();
    }
  });
});
