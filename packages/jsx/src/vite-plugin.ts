import { type CompileOptions, compileJsx } from './compile.js';
import type { JsxPluginOptions } from './esbuild-plugin.js';

/** The part of Vite's (and vitest's) plugin API this plugin uses. */
export interface VitePlugin {
  name: string;
  enforce: 'pre';
  transform(
    code: string,
    id: string,
  ): { code: string; map: { mappings: string } & object } | undefined;
}

const DEFAULT_INCLUDE = /\.[jt]sx$/;
const IN_NODE_MODULES = /[\\/]node_modules[\\/]/;

/**
 * Compiles Kinetic JSX in Vite and vitest, before their own TypeScript transform runs.
 * @example export default defineConfig({ plugins: [kineticJsx()] })
 */
export function kineticJsx(options: JsxPluginOptions = {}): VitePlugin {
  const include = options.include ?? DEFAULT_INCLUDE;
  const compile: CompileOptions = options;
  return {
    name: 'kinetic-jsx',
    enforce: 'pre',
    transform(code, id) {
      const path = id.split('?', 1)[0] as string;
      if (!include.test(path) || IN_NODE_MODULES.test(path)) return undefined;
      const compiled = compileJsx(code, path, compile);
      return compiled && { code: compiled.code, map: compiled.map };
    },
  };
}
