import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import kleur from 'kleur';
import { bytes, log } from '../log.js';
import { filesUnder } from '../templates.js';

export interface OutputSize {
  readonly file: string;
  readonly size: number;
  readonly gzip: number;
  /** The brotli copy the build wrote beside the file, which the server sends; undefined without one. */
  readonly br: number | undefined;
}

/** The size of every file of a build but its source maps, compressed copies and bookkeeping. */
export function outputSizes(out: string): OutputSize[] {
  return filesUnder(out)
    .filter((file) => !/\.(?:map|br|gz)$/.test(file) && file !== 'package.json')
    .map((file) => {
      const path = join(out, file);
      const body = readFileSync(path);
      return {
        file: file.split('\\').join('/'),
        size: body.length,
        gzip: gzipSync(body).length,
        br: existsSync(`${path}.br`) ? statSync(`${path}.br`).size : undefined,
      };
    });
}

/** Prints the build's files with their sizes: plain, gzipped, and as served in brotli. */
export function printSizes(out: string): void {
  const rows = outputSizes(out);
  const width = Math.max(...rows.map((row) => row.file.length), 4);
  const columns = (...cells: string[]) => cells.map((cell) => cell.padStart(10)).join('  ');
  log.info(kleur.dim(`  ${'file'.padEnd(width)}  ${columns('size', 'gzip', 'brotli')}`));
  for (const row of rows) {
    const colour = row.file.endsWith('.css')
      ? kleur.magenta
      : row.file.endsWith('.js')
        ? kleur.cyan
        : kleur.white;
    const br = row.br === undefined ? '-' : bytes(row.br);
    log.info(
      `  ${colour(row.file.padEnd(width))}  ${kleur.dim(columns(bytes(row.size), bytes(row.gzip), br))}`,
    );
  }
}
