import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import type { AppLayout } from '../app-root.js';
import { jsxPlugins } from '../jsx.js';
import type { DevError } from '../shared/dev-protocol.js';
import { codeFrame } from './code-frame.js';

/** The outcome of one build step. */
export type StepResult =
  | { readonly ok: true; readonly ms: number; readonly changed: boolean }
  | { readonly ok: false; readonly ms: number; readonly errors: readonly DevError[] };

/** The stylesheets that are entries: every .css file directly in src/styles. */
export function cssEntries(styles: string): string[] {
  if (!existsSync(styles)) return [];
  return readdirSync(styles)
    .filter((file) => file.endsWith('.css'))
    .sort()
    .map((file) => join(styles, file));
}

/** esbuild's messages as overlay errors, with code frames from the files on disk. */
export function toDevErrors(root: string, messages: readonly esbuild.Message[]): DevError[] {
  return messages.map((message) => {
    const at = message.location;
    if (at === null) return { phase: 'build', message: message.text };
    const file = resolve(root, at.file);
    let frame: string | undefined;
    try {
      frame = codeFrame(readFileSync(file, 'utf8'), at.line, at.column + 1);
    } catch {
      frame = at.lineText;
    }
    return {
      phase: 'build',
      message: message.text,
      file: relative(root, file),
      line: at.line,
      column: at.column + 1,
      ...(frame === undefined ? {} : { frame }),
    };
  });
}

/**
 * The dev build: the server (src/main.ts and what it imports; packages stay in
 * node_modules) and the stylesheets, each an incremental esbuild context so a rebuild after
 * a save takes milliseconds.
 */
export class DevBuilder {
  /** The files the last successful server build read: a change elsewhere (a test) is no concern of the server. */
  serverInputs = new Set<string>();
  private server: esbuild.BuildContext<{ metafile: true; write: false }> | undefined;
  private css: esbuild.BuildContext | undefined;
  private cssFiles: string[] = [];
  private lastServerHash = '';

  constructor(
    private readonly app: AppLayout,
    /** Where the build goes: `.kinetic/dev`. */
    readonly outDir: string,
  ) {}

  get serverEntry(): string {
    return join(this.outDir, 'server.js');
  }

  get assetsDir(): string {
    return join(this.outDir, 'assets');
  }

  /** The stylesheets' URLs' file names: `app.css`. */
  get stylesheets(): string[] {
    return this.cssFiles.map((file) => relative(this.app.styles, file));
  }

  async buildServer(): Promise<StepResult> {
    const started = performance.now();
    let plugins: esbuild.Plugin[] = [];
    if (this.server === undefined) {
      try {
        plugins = await jsxPlugins(this.app.root);
      } catch (error) {
        // @kinetic/jsx listed but not installed: a build error on the overlay, retried on
        // the next save, rather than a dev server that stops.
        const message = error instanceof Error ? error.message : String(error);
        return {
          ok: false,
          ms: performance.now() - started,
          errors: [{ phase: 'build', message }],
        };
      }
    }
    this.server ??= await esbuild.context({
      absWorkingDir: this.app.root,
      entryPoints: [this.app.main],
      outfile: this.serverEntry,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'linked',
      sourcesContent: false,
      metafile: true,
      write: false,
      logLevel: 'silent',
      // A JSX app's .tsx views go through @kinetic/jsx; its map is chained into the
      // server's, so stack traces and the overlay name the .tsx lines.
      plugins,
    });
    try {
      const result = await this.server.rebuild();
      this.serverInputs = new Set(
        Object.keys(result.metafile.inputs).map((file) => resolve(this.app.root, file)),
      );
      // Written by hand so an unchanged output (a comment, a test file) restarts nothing.
      const hash = createHash('sha256');
      for (const file of result.outputFiles) hash.update(file.path).update(file.contents);
      const digest = hash.digest('hex');
      const changed = digest !== this.lastServerHash;
      if (changed) {
        mkdirSync(this.outDir, { recursive: true });
        for (const file of result.outputFiles) writeFileSync(file.path, file.contents);
        this.lastServerHash = digest;
      }
      return { ok: true, ms: performance.now() - started, changed };
    } catch (error) {
      const errors = (error as esbuild.BuildFailure).errors ?? [];
      return {
        ok: false,
        ms: performance.now() - started,
        errors:
          errors.length > 0
            ? toDevErrors(this.app.root, errors)
            : [{ phase: 'build', message: String(error) }],
      };
    }
  }

  /** Rebuilds the stylesheets; a new or deleted entry starts a fresh context. */
  async buildCss(): Promise<StepResult> {
    const started = performance.now();
    const entries = cssEntries(this.app.styles);
    if (entries.join() !== this.cssFiles.join()) {
      await this.css?.dispose();
      this.css = undefined;
      this.cssFiles = entries;
    }
    if (entries.length === 0) return { ok: true, ms: 0, changed: false };
    this.css ??= await esbuild.context({
      absWorkingDir: this.app.root,
      entryPoints: entries,
      outdir: this.assetsDir,
      bundle: true,
      sourcemap: true,
      logLevel: 'silent',
      loader: ASSET_LOADERS,
    });
    try {
      await this.css.rebuild();
      return { ok: true, ms: performance.now() - started, changed: true };
    } catch (error) {
      return {
        ok: false,
        ms: performance.now() - started,
        errors: toDevErrors(this.app.root, (error as esbuild.BuildFailure).errors ?? []),
      };
    }
  }

  async dispose(): Promise<void> {
    await Promise.all([this.server?.dispose(), this.css?.dispose()]);
  }
}

/** Files a stylesheet may reference with url(): copied beside it. */
export const ASSET_LOADERS: Record<string, esbuild.Loader> = {
  '.png': 'file',
  '.jpg': 'file',
  '.jpeg': 'file',
  '.gif': 'file',
  '.svg': 'file',
  '.webp': 'file',
  '.avif': 'file',
  '.woff': 'file',
  '.woff2': 'file',
  '.ttf': 'file',
};
