import { Writable } from 'node:stream';

/** A stream for Fastify's logger that keeps every line it is given, to read back in a test. */
export function logLines(): { readonly lines: string[]; readonly stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}
