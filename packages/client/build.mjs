// The prebuilt runtime pages include with a <script> tag: `node build.mjs` writes
// dist/kinetic.min.js. The bundle-size test imports `bundleOptions` to measure the same bundle.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/**
 * esbuild options of the IIFE bundle. Workspace packages resolve to their sources, so the
 * bundle does not depend on their dist folders being current.
 */
export const bundleOptions = {
  entryPoints: [here('./src/auto-start.ts')],
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  legalComments: 'none',
  alias: {
    '@kinetic/diff': here('../diff/src/index.ts'),
    '@kinetic/protocol': here('../protocol/src/index.ts'),
    '@kinetic/protocol/page': here('../protocol/src/page/index.ts'),
  },
};

// Imported by the size test, this module only lends its options.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await build({ ...bundleOptions, outfile: here('./dist/kinetic.min.js'), sourcemap: true });
}
