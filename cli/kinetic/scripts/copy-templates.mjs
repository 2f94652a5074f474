// Copies the repository's templates/ into dist/templates, so the published package carries
// the templates the CLI reads. Run by `pnpm build` after tsc.
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const from = fileURLToPath(new URL('../../../templates/', import.meta.url));
const to = fileURLToPath(new URL('../dist/templates/', import.meta.url));
const notes = join(from, 'README.md');
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true, filter: (path) => path !== notes });
