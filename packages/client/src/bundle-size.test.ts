import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { bundleOptions } from '../bundle.config.mjs';

const BUDGET = 12 * 1024;

it('the prebuilt runtime stays within 12 KB min+gzip', async () => {
  const result = await build({ ...bundleOptions, write: false });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const gzipped = gzipSync(code, { level: 9 }).length;
  console.log(`kinetic.min.js: ${code.length} B minified, ${gzipped} B gzip (budget ${BUDGET} B)`);
  expect(gzipped).toBeLessThanOrEqual(BUDGET);
});
