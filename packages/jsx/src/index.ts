// biome-ignore-all assist/source/organizeImports: the public API is grouped by topic, not sorted
// The compile step.
/** Turns the JSX of a .tsx module into html call sites, with a source map. */
export { compileJsx } from './compile.js';
export type { CompileOptions, CompileResult } from './compile.js';

// Where it runs.
/** The esbuild plugin (the CLI's dev and build pipeline). */
export { kineticJsxEsbuild } from './esbuild-plugin.js';
export type { EsbuildPlugin, EsbuildPluginBuild, JsxPluginOptions } from './esbuild-plugin.js';
/** The Vite and vitest plugin. */
export { kineticJsx } from './vite-plugin.js';
export type { VitePlugin } from './vite-plugin.js';
// Node scripts: the separate entry @kinetic/jsx/register, since importing it registers hooks.

// Errors and bindings.
/** The error catalog. */
export { JSX_ERRORS, KineticJsxError } from './errors.js';
export type { JsxErrorCode } from './errors.js';
/** The lv-* binding names the compiler accepts. */
export { isLiveBinding, LIVE_BINDINGS } from './bindings.js';
