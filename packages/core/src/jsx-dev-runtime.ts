/**
 * The development form of the automatic JSX runtime (`jsx: "react-jsxdev"`, esbuild's
 * `jsxDev`). Same output as `jsx`; a refusal names the .tsx file and line the compiler
 * passed, since the template itself is built here and not at the author's line.
 */
import { KineticDiffError } from '@kinetic/diff';
import { jsx, jsxs } from './jsx-runtime.js';

export type { JSX } from './jsx-runtime.js';
export { Fragment } from './jsx-runtime.js';

/** Where the compiler saw the element. */
export interface JsxSource {
  readonly fileName?: string;
  readonly lineNumber?: number;
  readonly columnNumber?: number;
}

/** `jsx` with the element's source position, added to the message of a refusal. */
export function jsxDEV(
  type: unknown,
  props: Record<string, unknown>,
  key?: string | number,
  isStaticChildren?: boolean,
  source?: JsxSource,
): ReturnType<typeof jsx> {
  try {
    return (isStaticChildren ? jsxs : jsx)(type, props, key);
  } catch (error) {
    if (!(error instanceof KineticDiffError) || source?.fileName === undefined) throw error;
    if (error.message.includes(' (JSX at ')) throw error;
    const at = `${source.fileName}:${source.lineNumber ?? 0}:${source.columnNumber ?? 0}`;
    const message = error.message.slice(error.code.length + 2);
    throw new KineticDiffError(error.code, `${message} (JSX at ${at})`);
  }
}
