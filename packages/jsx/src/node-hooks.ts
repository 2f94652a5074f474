/**
 * Node's module hooks for Kinetic JSX (`node --import @kinetic/jsx/register`): a .tsx or .jsx
 * module is compiled by compileJsx, then its types are stripped by TypeScript. For scripts
 * and `tsx` runs; apps use the esbuild or Vite plugin. Registered after `tsx`, these run
 * first for .tsx files and leave every other file to it.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { compileJsx } from './compile.js';

interface LoadResult {
  format?: string | null;
  source?: string | ArrayBuffer | Uint8Array;
  shortCircuit?: boolean;
}
type NextLoad = (url: string, context?: object) => Promise<LoadResult>;
interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: object) => Promise<ResolveResult>;

const JSX_FILE = /\.[jt]sx$/;

/** TypeScript's import style: `./view.js` names `./view.tsx` when only that exists. */
export async function resolve(
  specifier: string,
  context: object,
  nextResolve: NextResolve,
): Promise<ResolveResult> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!/^\.{1,2}\//.test(specifier) || !specifier.endsWith('.js')) throw error;
    return nextResolve(`${specifier.slice(0, -3)}.tsx`, context);
  }
}

export async function load(url: string, context: object, nextLoad: NextLoad): Promise<LoadResult> {
  const { pathname, protocol } = new URL(url);
  if (protocol !== 'file:' || !JSX_FILE.test(pathname) || pathname.includes('/node_modules/')) {
    return nextLoad(url, context);
  }
  const path = fileURLToPath(url);
  const source = await readFile(path, 'utf8');
  const compiled = compileJsx(source, path)?.code ?? source;
  // TypeScript's emit moves lines; compileJsx does not, so the emit's map leads back to the
  // .tsx lines (register turns source maps on for stack traces).
  const { outputText } = ts.transpileModule(compiled, {
    fileName: path,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      jsx: ts.JsxEmit.ReactJSX,
      jsxImportSource: '@kinetic/core',
      inlineSourceMap: true,
      inlineSources: true,
    },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
