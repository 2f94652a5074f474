import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const BLOCK = 512;

const field = (header: Buffer, start: number, length: number): string => {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? raw.length : end).toString('utf8');
};

/**
 * Reads one file out of a .tgz without unpacking it: enough tar (ustar headers, 512-byte
 * blocks) to find `package/package.json` in a tarball made by `npm pack` or `pnpm pack`.
 */
export function readFromTarball(tarball: string, wanted: string): string | undefined {
  const tar = gunzipSync(readFileSync(tarball));
  let at = 0;
  while (at + BLOCK <= tar.length) {
    const header = tar.subarray(at, at + BLOCK);
    const name = field(header, 0, 100);
    if (name === '') return undefined;
    const prefix = field(header, 345, 155);
    const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8);
    const path = prefix === '' ? name : `${prefix}/${name}`;
    const body = at + BLOCK;
    if (path === wanted) return tar.subarray(body, body + size).toString('utf8');
    at = body + Math.ceil(size / BLOCK) * BLOCK;
  }
  return undefined;
}
