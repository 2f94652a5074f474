// Copies the repository's templates/ into dist/templates, so the published package carries
// the templates the CLI reads. Run by `pnpm build` after tsc. Every file gets a `.tpl`
// suffix (the CLI drops it): a template's `src/views/counter.test.ts` must not look like a
// test of this package to test runners that glob `**/src/**/*.test.ts`.
import { cpSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const from = fileURLToPath(new URL('../../../templates/', import.meta.url));
const to = fileURLToPath(new URL('../dist/templates/', import.meta.url));
const notes = join(from, 'README.md');
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true, filter: (path) => path !== notes });

const suffix = (dir) => {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) suffix(path);
    else renameSync(path, `${path}.tpl`);
  }
};
suffix(to);
