import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { bundleOptions } from '../build.mjs';

// 12 KB until the client patched the DOM in place: mapping templates onto the DOM and
// applying patches there (dom-shape, dom-mount, dom-patch, update-mode) costs about 4 KB.
// JS commands, their stickiness and optimistic reconciliation (js.ts) cost about 2 KB;
// used-field tracking and the guards of forms under latency about 0.4 KB.
const BUDGET = 18 * 1024;

it('the prebuilt runtime stays within 18 KB min+gzip', async () => {
  const result = await build({ ...bundleOptions, outfile: 'kinetic.min.js', write: false });
  const code = result.outputFiles?.find((file) => file.path.endsWith('.js'))?.contents;
  if (code === undefined) throw new Error('esbuild produced no JavaScript output');
  const gzipped = gzipSync(code, { level: 9 }).length;
  console.log(`kinetic.min.js: ${code.length} B minified, ${gzipped} B gzip (budget ${BUDGET} B)`);
  expect(gzipped).toBeLessThanOrEqual(BUDGET);
});
