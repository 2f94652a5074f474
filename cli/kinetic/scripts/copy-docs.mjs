// Copies the repository's docs/*.md into dist/docs, so the published package carries the
// guides `kinetic dev` serves at /__kinetic/docs/. Run by `pnpm build` after tsc.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const from = fileURLToPath(new URL('../../../docs/', import.meta.url));
const to = fileURLToPath(new URL('../dist/docs/', import.meta.url));
rmSync(to, { recursive: true, force: true });
mkdirSync(to, { recursive: true });
for (const file of readdirSync(from)) {
  if (file.endsWith('.md')) copyFileSync(join(from, file), join(to, file));
}
