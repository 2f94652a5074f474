import * as esbuild from 'esbuild';
import { compileJsx, kineticJsxEsbuild } from '../src/index.js';

/** How a .tsx module is compiled: by @kinetic/jsx, or by esbuild's automatic JSX runtime. */
export type JsxPath = 'compiled' | 'fallback' | 'fallback-dev';

/**
 * Bundles a .tsx module with esbuild (the CLI's compiler) and evaluates it, its package
 * imports answered from `modules`: the test's own instances of @kinetic/*, so trees built
 * in the module are trusted by the @kinetic/diff the test diffs with.
 */
export async function loadTsx(
  path: string,
  how: JsxPath,
  modules: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const result = await esbuild.build({
    entryPoints: [path],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    packages: 'external',
    logLevel: 'silent',
    jsx: 'automatic',
    jsxImportSource: '@kinetic/core',
    jsxDev: how === 'fallback-dev',
    plugins: how === 'compiled' ? [kineticJsxEsbuild()] : [],
  });
  return evaluate(result.outputFiles?.[0]?.text ?? '', path, modules);
}

/** Like loadTsx, for a module given as source text (it may import packages only). */
export async function evaluateTsx(
  source: string,
  how: JsxPath,
  modules: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const name = '/virtual/inline.tsx';
  const compiled = how === 'compiled' ? (compileJsx(source, name)?.code ?? source) : source;
  const result = await esbuild.transform(compiled, {
    loader: 'tsx',
    format: 'cjs',
    sourcefile: name,
    jsx: 'automatic',
    jsxImportSource: '@kinetic/core',
    jsxDev: how === 'fallback-dev',
  });
  return evaluate(result.code, name, modules);
}

function evaluate(
  code: string,
  path: string,
  modules: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  const require = (id: string) => {
    if (id in modules) return modules[id];
    throw new Error(`${path} imports ${id}, which the test does not provide`);
  };
  new Function('require', 'module', 'exports', code)(require, module, module.exports);
  return module.exports;
}
