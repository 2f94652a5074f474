import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import {
  ENCODING_SUFFIX,
  ENCODINGS,
  type Encoding,
  precompress,
} from '@kinetic/transport/compression';
import * as esbuild from 'esbuild';
import kleur from 'kleur';
import { type AppLayout, findApp } from '../app-root.js';
import { appTsc, typeCheck } from '../check/check.js';
import { ASSET_LOADERS, cssEntries, toDevErrors } from '../dev/dev-builder.js';
import { formatDevError } from '../dev/format-error.js';
import { buildFailed, typeErrors } from '../errors.js';
import { jsxPlugins } from '../jsx.js';
import { duration, log } from '../log.js';
import { MANIFEST_FILE, type Manifest } from '../server/manifest.js';
import { resolveClientBundle } from './resolve-client.js';
import { printSizes } from './size-table.js';

export interface BuildOptions {
  readonly root?: string | undefined;
  /** The output folder, relative to the app. Default `dist`. */
  readonly out?: string | undefined;
  /** Check the app's types with its own TypeScript, and stop on errors. Default true. */
  readonly typecheck?: boolean | undefined;
}

/** Files worth compressing: text. Images and fonts are compressed formats already. */
const COMPRESSIBLE = /\.(?:css|js|mjs|json|svg|txt|html|xml|ico)$/i;

/**
 * Writes brotli and gzip copies beside each compressible file of `files` (paths relative
 * to `dir`), where they are smaller; returns the codings written, by file.
 */
function precompressFiles(dir: string, files: readonly string[]): Record<string, Encoding[]> {
  const written: Record<string, Encoding[]> = {};
  for (const file of files.filter((name) => COMPRESSIBLE.test(name))) {
    const path = join(dir, file);
    const encoded = precompress(readFileSync(path));
    const codings = ENCODINGS.filter((encoding) => encoded[encoding] !== undefined);
    for (const encoding of codings) {
      writeFileSync(path + ENCODING_SUFFIX[encoding], encoded[encoding] as Buffer);
    }
    if (codings.length > 0) written[file] = codings;
  }
  return written;
}

/** Type-checks the app when asked and TypeScript is there; throws on type errors. */
async function checkTypes(app: AppLayout): Promise<void> {
  const tsc = appTsc(app.root);
  if (tsc === undefined) {
    log.warn('TypeScript is not installed in the app: built without checking types.');
    return;
  }
  if ((await typeCheck(app.root, tsc)) !== 0) throw typeErrors();
}

/**
 * The build's `server.js`: it turns on source maps and points the app at the manifest beside
 * it before the app's bundle loads (hence the dynamic import), so `node server.js` needs no
 * flags and stack traces name the app's .ts files.
 */
const SERVER_ENTRY = `// The production server: NODE_ENV=production node server.js (or kinetic start).
import { fileURLToPath } from 'node:url';

process.setSourceMapsEnabled(true);
process.env.NODE_ENV ??= 'production';
process.env.KINETIC_MANIFEST ??= fileURLToPath(new URL('./${MANIFEST_FILE}', import.meta.url));
await import('./app.js');
`;

// CommonJS packages bundled into an ES module still call require and read __dirname.
const CJS_SHIM = `import { createRequire as __knCreateRequire } from 'node:module';
import { fileURLToPath as __knFileURLToPath } from 'node:url';
import { dirname as __knDirname } from 'node:path';
const require = __knCreateRequire(import.meta.url);
const __filename = __knFileURLToPath(import.meta.url);
const __dirname = __knDirname(__filename);`;

/** Builds the server bundle; throws KN_ERR_CLI_BUILD_FAILED after printing esbuild's errors. */
async function buildServer(app: AppLayout, out: string): Promise<void> {
  // Outside the try: a JSX app without @kinetic/jsx installed is its own error, not esbuild's.
  const plugins = await jsxPlugins(app.root);
  try {
    await esbuild.build({
      absWorkingDir: app.root,
      entryPoints: [app.main],
      outfile: join(out, 'app.js'),
      bundle: true,
      minify: true,
      keepNames: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: true,
      banner: { js: CJS_SHIM },
      logLevel: 'silent',
      plugins,
    });
  } catch (error) {
    throw report(app, error);
  }
  writeFileSync(join(out, 'server.js'), SERVER_ENTRY);
}

/** Builds the stylesheets with content hashes; returns source name → built file name. */
async function buildAssets(app: AppLayout, assetsDir: string): Promise<Record<string, string>> {
  const entries = cssEntries(app.styles);
  if (entries.length === 0) return {};
  let result: esbuild.BuildResult<{ metafile: true }>;
  try {
    result = await esbuild.build({
      absWorkingDir: app.root,
      entryPoints: entries,
      outdir: assetsDir,
      entryNames: '[name]-[hash]',
      assetNames: '[name]-[hash]',
      bundle: true,
      minify: true,
      metafile: true,
      loader: ASSET_LOADERS,
      logLevel: 'silent',
    });
  } catch (error) {
    throw report(app, error);
  }
  const assets: Record<string, string> = {};
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    if (output.endsWith('.map')) continue;
    const built = relative(assetsDir, resolve(app.root, output));
    const source = meta.entryPoint ?? Object.keys(meta.inputs)[0];
    const name = source === undefined ? built : relative(app.styles, resolve(app.root, source));
    assets[name.split('\\').join('/')] = built.split('\\').join('/');
  }
  return assets;
}

function report(app: AppLayout, error: unknown): Error {
  const errors = (error as esbuild.BuildFailure).errors;
  if (!Array.isArray(errors)) return error as Error;
  for (const failure of toDevErrors(app.root, errors)) {
    console.error(formatDevError(failure));
  }
  return buildFailed(errors.length);
}

/**
 * `kinetic build`: the server bundle (node, ESM, source maps, dependencies included), the
 * stylesheets with content hashes, the browser runtime, and the manifest that ties them
 * together. The output folder runs by itself: `node server.js` or `kinetic start`.
 */
export async function build(options: BuildOptions = {}): Promise<string> {
  const started = performance.now();
  const app = findApp(options.root, ['main']);
  const out = resolve(app.root, options.out ?? 'dist');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const assetsDir = join(out, 'assets');

  // esbuild only strips types: the type check runs beside it, as `kinetic check` does. All
  // three finish before the build stops on one, so their reports do not interleave with ours.
  const [server, built, types] = await Promise.allSettled([
    buildServer(app, out),
    buildAssets(app, assetsDir),
    options.typecheck === false ? undefined : checkTypes(app),
  ]);
  for (const step of [server, built, types]) if (step.status === 'rejected') throw step.reason;
  const assets = (built as PromiseFulfilledResult<Record<string, string>>).value;

  const clientBundle = resolveClientBundle(app.root);
  mkdirSync(join(out, 'client'), { recursive: true });
  const client = join('client', basename(clientBundle));
  copyFileSync(clientBundle, join(out, client));
  // Compressed once here, so the server sends bytes from disk (see docs/cli.md).
  precompressFiles(out, [client]);
  const encodings = precompressFiles(assetsDir, Object.values(assets));

  const manifest: Manifest = {
    version: 1,
    assets,
    assetsDir: 'assets',
    client: client.split('\\').join('/'),
    server: 'server.js',
    encodings,
  };
  writeFileSync(join(out, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  // The folder is an ES module package of its own, so it runs wherever it is copied.
  writeFileSync(
    join(out, 'package.json'),
    `${JSON.stringify({ private: true, type: 'module', scripts: { start: 'node server.js' } }, null, 2)}\n`,
  );

  log.info('');
  printSizes(out);
  log.info(
    `\n${kleur.green('✓')} built ${kleur.bold(relative(process.cwd(), out) || '.')} in ${duration(performance.now() - started)}`,
  );
  log.info(
    kleur.dim(
      `  Run it: kinetic start, or NODE_ENV=production node ${relative(process.cwd(), join(out, 'server.js'))}`,
    ),
  );
  return out;
}
