// Writes dist/kinetic.min.js, the prebuilt runtime pages include with a <script> tag.
import { build } from 'esbuild';
import { bundleOptions } from './bundle.config.mjs';

await build({
  ...bundleOptions,
  outfile: new URL('./dist/kinetic.min.js', import.meta.url).pathname,
  sourcemap: true,
});
