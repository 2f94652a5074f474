import { isAbsolute, relative, sep } from 'node:path';
import type { DevError } from '../shared/dev-protocol.js';
import { fileFrame } from './code-frame.js';

/** One stack frame's location: `at render (/app/src/views/counter.ts:12:9)`. */
const FRAME = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?\s*$/;

/**
 * The first frame of a stack that is in the app's own source (not node_modules, not the
 * build output): where the user should look.
 */
export function appFrame(
  stack: string,
  root: string,
): { file: string; line: number; column: number } | undefined {
  for (const text of stack.split('\n').slice(1)) {
    const match = FRAME.exec(text.trim());
    if (match === null) continue;
    const file = (match[1] as string).replace(/^file:\/\//, '');
    if (!isAbsolute(file)) continue;
    const rel = relative(root, file);
    if (
      rel.startsWith('..') ||
      rel.split(sep).includes('node_modules') ||
      rel.startsWith('.kinetic')
    ) {
      continue;
    }
    return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}

/** A failure with its place in the app's source and a code frame, when the stack shows one. */
export function locate(
  root: string,
  base: { phase: DevError['phase']; message: string; view?: string },
  stack: string | undefined,
): DevError {
  const at = stack === undefined ? undefined : appFrame(stack, root);
  if (at === undefined) return base;
  const frame = fileFrame(at.file, at.line, at.column);
  return {
    ...base,
    file: relative(root, at.file),
    line: at.line,
    column: at.column,
    ...(frame === undefined ? {} : { frame }),
  };
}
