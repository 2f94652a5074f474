import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve } from 'node:path';

/** What the overlay asks for: a file of the app, and where in it. */
export interface OpenRequest {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

export type OpenResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: number; readonly message: string };

/**
 * The command that opens `file` at `line`:`column` in `editor`: VS Code and its kin take
 * `-g file:line:col`, terminal editors `+line file`, anything else just the file.
 */
export function editorCommand(
  editor: string,
  file: string,
  line = 1,
  column = 1,
): [string, string[]] {
  const [command = editor, ...args] = editor.split(/\s+/).filter(Boolean);
  const name = basename(command).replace(/\.(exe|cmd)$/i, '');
  if (['code', 'code-insiders', 'codium', 'cursor', 'windsurf'].includes(name))
    return [command, [...args, '-g', `${file}:${line}:${column}`]];
  if (['vim', 'nvim', 'vi', 'nano', 'emacs', 'emacsclient', 'micro', 'hx'].includes(name))
    return [command, [...args, `+${line}`, file]];
  if (['subl', 'zed'].includes(name)) return [command, [...args, `${file}:${line}:${column}`]];
  return [command, [...args, file]];
}

/**
 * Opens a file of the app in the user's editor (`KINETIC_EDITOR`, else `VISUAL`, else
 * `EDITOR`, else `code`). Only files inside the app's folder: the request comes from a page.
 */
export function openInEditor(root: string, request: unknown, env = process.env): OpenResult {
  const { file, line, column } = (request ?? {}) as Partial<Record<keyof OpenRequest, unknown>>;
  if (typeof file !== 'string' || file === '') return refused(400, 'no file named');
  const path = resolve(root, file);
  const inside = relative(root, path);
  if (inside.startsWith('..') || isAbsolute(inside)) return refused(403, 'not a file of this app');
  if (!existsSync(path)) return refused(404, `${file} does not exist`);
  const at = (n: unknown) => (Number.isInteger(n) && (n as number) > 0 ? (n as number) : 1);
  const editor = env.KINETIC_EDITOR ?? env.VISUAL ?? env.EDITOR ?? 'code';
  const [command, args] = editorCommand(editor, path, at(line), at(column));
  const child = spawn(command, args, { stdio: 'ignore', detached: true, cwd: root });
  child.once('error', () => {});
  child.unref();
  return { ok: true };
}

const refused = (status: number, message: string): OpenResult => ({ ok: false, status, message });
