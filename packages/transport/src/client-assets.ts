import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type PrecompressedBody, precompressedFile } from './compression.js';
import { clientBundleMissing } from './errors.js';

/** The browser runtime, fingerprinted so it can be cached forever. */
export interface ClientAsset {
  readonly body: Buffer;
  readonly hash: string;
  readonly fileName: string;
  /** The body in brotli and gzip: from the build, or compressed once at startup. */
  readonly encoded: PrecompressedBody;
}

export function loadClientBundle(path?: string): ClientAsset {
  let file = path;
  if (file === undefined) {
    try {
      file = fileURLToPath(import.meta.resolve('@kinetic/client/kinetic.min.js'));
    } catch {
      throw clientBundleMissing('@kinetic/client/kinetic.min.js');
    }
  }
  let body: Buffer;
  try {
    body = readFileSync(file);
  } catch {
    throw clientBundleMissing(file);
  }
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { body, hash, fileName: `kinetic.${hash}.js`, encoded: precompressedFile(file, body) };
}
