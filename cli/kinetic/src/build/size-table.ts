import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import kleur from 'kleur';
import { bytes, log } from '../log.js';
import { filesUnder } from '../templates.js';

export interface OutputSize {
  readonly file: string;
  readonly size: number;
  readonly gzip: number;
}

/** The size of every file of a build but its source maps and bookkeeping. */
export function outputSizes(out: string): OutputSize[] {
  return filesUnder(out)
    .filter((file) => !file.endsWith('.map') && file !== 'package.json')
    .map((file) => {
      const body = readFileSync(join(out, file));
      return { file: file.split('\\').join('/'), size: body.length, gzip: gzipSync(body).length };
    });
}

/** Prints the build's files with their sizes, plain and gzipped. */
export function printSizes(out: string): void {
  const rows = outputSizes(out);
  const width = Math.max(...rows.map((row) => row.file.length), 4);
  log.info(kleur.dim(`  ${'file'.padEnd(width)}  ${'size'.padStart(10)}  ${'gzip'.padStart(10)}`));
  for (const row of rows) {
    const colour = row.file.endsWith('.css')
      ? kleur.magenta
      : row.file.endsWith('.js')
        ? kleur.cyan
        : kleur.white;
    log.info(
      `  ${colour(row.file.padEnd(width))}  ${bytes(row.size).padStart(10)}  ${kleur.dim(bytes(row.gzip).padStart(10))}`,
    );
  }
}
