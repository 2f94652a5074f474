import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/**
 * esbuild options of the prebuilt browser runtime. build.mjs writes it; the bundle-size test
 * builds it in memory with the same options, so the budget measures what ships.
 * Workspace packages resolve to their sources, so the bundle does not depend on their dist.
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
  },
};
