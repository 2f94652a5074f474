import { readFile } from 'node:fs/promises';
import { type CompileOptions, compileJsx } from './compile.js';

/** The part of esbuild's plugin API this plugin uses (esbuild itself is not a dependency). */
export interface EsbuildPluginBuild {
  onLoad(
    options: { filter: RegExp; namespace?: string },
    callback: (args: { path: string }) => Promise<{ contents: string; loader: 'tsx' } | undefined>,
  ): void;
}

export interface EsbuildPlugin {
  name: string;
  setup(build: EsbuildPluginBuild): void;
}

export interface JsxPluginOptions extends CompileOptions {
  /**
   * Which files to compile (for esbuild, a Go-compatible regular expression: no lookaround).
   * Default: every .tsx and .jsx file; files under node_modules are always left alone.
   */
  readonly include?: RegExp;
}

const DEFAULT_INCLUDE = /\.[jt]sx$/;
const IN_NODE_MODULES = /[\\/]node_modules[\\/]/;

/**
 * Compiles Kinetic JSX before esbuild sees it; esbuild then strips the types. The source map
 * is passed inline, and esbuild chains it, so stack traces and the dev overlay name .tsx lines.
 * @example await esbuild.build({ entryPoints: ['src/app.ts'], plugins: [kineticJsxEsbuild()] })
 */
export function kineticJsxEsbuild(options: JsxPluginOptions = {}): EsbuildPlugin {
  const include = options.include ?? DEFAULT_INCLUDE;
  return {
    name: 'kinetic-jsx',
    setup(build) {
      build.onLoad({ filter: include, namespace: 'file' }, async ({ path }) => {
        if (IN_NODE_MODULES.test(path)) return undefined;
        const source = await readFile(path, 'utf8');
        const compiled = compileJsx(source, path, options);
        if (compiled === undefined) return undefined;
        return {
          contents: `${compiled.code}\n//# sourceMappingURL=${compiled.map.toUrl()}\n`,
          loader: 'tsx',
        };
      });
    },
  };
}
