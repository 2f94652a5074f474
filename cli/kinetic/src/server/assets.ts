import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { chooseEncoding, ENCODING_SUFFIX, type Encoding } from '@kinetic/transport/compression';
import type { FastifyPluginAsync } from 'fastify';
import { contentTypeOf } from './content-type.js';
import { readManifest } from './manifest.js';

/** Where an app's client assets come from. Every field has a default; see loadAssets. */
export interface AssetsOptions {
  /** URL prefix of the assets. Default `/assets`. */
  readonly prefix?: string;
  /** A build's manifest. Default: `KINETIC_MANIFEST`, which the built server sets itself. */
  readonly manifest?: string;
  /** The folder of unbuilt assets. Default: `KINETIC_ASSETS_DIR` (set by `kinetic dev`), else `src/styles`. */
  readonly sourceDir?: string;
}

/** An app's client assets: their URLs for the layout, and the route that serves them. */
export interface Assets {
  /** The URL of an asset by its source name: `/assets/app.css`, or `/assets/app-4F3A2B1C.css` once built. */
  href(name: string): string;
  /** Options for the kinetic plugin: the built browser runtime, when running from a build. */
  readonly kineticOptions: { readonly clientBundle?: string };
  /** A Fastify plugin serving the assets under the prefix. */
  readonly plugin: FastifyPluginAsync;
  /** True when serving a build (hashed names, cached for a year). */
  readonly built: boolean;
}

const YEAR = 'public, max-age=31536000, immutable';

/**
 * The app's client assets. From a build (`kinetic build` / `kinetic start`) they have content
 * hashes in their names and are cached by browsers for good; otherwise (dev, tests) they are
 * read from their folder on every request so an edit shows at once.
 * @example
 * const assets = loadAssets();
 * await app.register(assets.plugin);
 * await app.register(kinetic, { secret, layout: layout(assets), ...assets.kineticOptions });
 */
export function loadAssets(options: AssetsOptions = {}): Assets {
  const prefix = (options.prefix ?? '/assets').replace(/\/$/, '');
  const manifestPath = options.manifest ?? process.env.KINETIC_MANIFEST;
  if (manifestPath !== undefined && manifestPath !== '') {
    const manifest = readManifest(manifestPath);
    const root = dirname(resolve(manifestPath));
    const files = new Set(Object.values(manifest.assets));
    return {
      href: (name) => `${prefix}/${manifest.assets[name] ?? name}`,
      kineticOptions: { clientBundle: join(root, manifest.client) },
      plugin: servePlugin(
        prefix,
        join(root, manifest.assetsDir),
        (file) => (files.has(file) ? YEAR : undefined),
        (file) => manifest.encodings?.[file] ?? [],
      ),
      built: true,
    };
  }
  const dir = options.sourceDir ?? process.env.KINETIC_ASSETS_DIR ?? 'src/styles';
  return {
    href: (name) => `${prefix}/${name}`,
    kineticOptions: {},
    plugin: servePlugin(prefix, resolve(dir), () => 'no-cache'),
    built: false,
  };
}

/**
 * Serves files of `dir` under `prefix`. `cacheOf` gives a file's Cache-Control, or undefined
 * for a file that must not be served (in a build, only the manifest's files are);
 * `encodingsOf` the compressed copies beside it (`app-4F3A.css.br`) that a build wrote.
 */
function servePlugin(
  prefix: string,
  dir: string,
  cacheOf: (file: string) => string | undefined,
  encodingsOf: (file: string) => readonly Encoding[] = () => [],
): FastifyPluginAsync {
  const plugin: FastifyPluginAsync = async (app) => {
    app.get(`${prefix}/*`, async (request, reply) => {
      const file = (request.params as { '*': string })['*'];
      const cache = cacheOf(file);
      const path = resolve(dir, file);
      // A name that climbs out of the folder is never served, whatever it decodes to.
      if (cache === undefined || isAbsolute(file) || !path.startsWith(dir + sep)) {
        return reply.code(404).send({ message: `no asset ${file}` });
      }
      const offered = encodingsOf(file);
      const encoding = offered.length === 0 ? undefined : chooseEncoding(request, reply, offered);
      let body: Buffer;
      try {
        body = await readFile(encoding === undefined ? path : path + ENCODING_SUFFIX[encoding]);
      } catch {
        return reply.code(404).send({ message: `no asset ${file}` });
      }
      if (encoding !== undefined) reply.header('content-encoding', encoding);
      return reply
        .header('content-type', contentTypeOf(file))
        .header('cache-control', cache)
        .send(body);
    });
  };
  return plugin;
}
