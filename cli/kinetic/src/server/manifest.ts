import { readFileSync } from 'node:fs';
import type { Encoding } from '@kinetic/transport/compression';
import { manifestUnreadable } from '../errors.js';

/** What `kinetic build` writes beside the server bundle, and the server reads at start. */
export interface Manifest {
  readonly version: 1;
  /** Client assets by source name, to their built (hashed) file: `{"app.css": "app-4F3A2B1C.css"}`. */
  readonly assets: Readonly<Record<string, string>>;
  /** The folder of the built assets, relative to the manifest. */
  readonly assetsDir: string;
  /** The Kinetic browser runtime, relative to the manifest. */
  readonly client: string;
  /** The server bundle, relative to the manifest. */
  readonly server: string;
  /**
   * The assets (by built name) with compressed copies beside them, and their codings:
   * `{"app-4F3A2B1C.css": ["br", "gzip"]}` means `app-4F3A2B1C.css.br` and `.gz` exist.
   */
  readonly encodings?: Readonly<Record<string, readonly Encoding[]>>;
}

export const MANIFEST_FILE = 'manifest.json';

export function readManifest(path: string): Manifest {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (error) {
    throw manifestUnreadable(path, error);
  }
  if (manifest.version !== 1 || typeof manifest.assets !== 'object') {
    throw manifestUnreadable(path, new Error('unknown manifest version'));
  }
  return manifest;
}
