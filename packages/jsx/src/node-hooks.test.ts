import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));

/** Runs a module under plain Node with @kinetic/jsx/register (the build: Node 20 runs no .ts). */
const node = (script: string) =>
  execFileSync(
    process.execPath,
    ['--import', './dist/register.js', '--input-type=module', '--eval', script],
    { cwd: PACKAGE, encoding: 'utf8' },
  );

it('node --import @kinetic/jsx/register runs .tsx views compiled, with html call sites', () => {
  const out = node(`
    import { html, renderToString } from '@kinetic/diff';
    import { renderedWithoutCompileStep } from '@kinetic/core/jsx-runtime';
    const views = await import('./test/views.tsx');
    const tree = views.text({ count: 3 });
    const twin = html\`<button type="button" lv-click="inc">Clicked \${3} times</button>\`;
    console.log(JSON.stringify([
      renderToString(tree),
      tree.t.fp === twin.t.fp,
      renderToString(views.keyed({ rows: [{ id: 1, name: 'a' }] })),
      renderedWithoutCompileStep(),
    ]));
  `);
  expect(JSON.parse(out)).toEqual([
    '<button type="button" lv-click="inc">Clicked 3 times</button>',
    true,
    '<table><tbody><tr lv-value-id="1"><td>a</td></tr></tbody></table>',
    false,
  ]);
});

it('a refusal names the .tsx file and line under Node too', () => {
  const out = node(`
    const { link } = await import('./test/refusals.tsx');
    try { link({ url: 'javascript:alert(1)' }); } catch (error) { console.log(error.message); }
  `);
  expect(out).toMatch(/KN_ERR_TEMPLATE_UNSAFE_URL: .*test\/refusals\.tsx:5:\d+/);
});
