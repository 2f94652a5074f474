// `npm run new-app -- <dir> [options of kinetic new]`: a new app that uses this checkout's
// packages (they are not on the registry yet). Installs and builds what is missing, packs
// every publishable package into .kinetic-packs/, then runs `kinetic new --local-packages`.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, install, pnpmRun, root, run } from './toolchain.mjs';

const [dir, ...options] = process.argv.slice(2);
if (dir === undefined || dir.startsWith('-')) {
  console.error(
    'usage: npm run new-app -- <dir> [options of kinetic new, e.g. --template minimal]',
  );
  process.exit(1);
}

install();
build();

// The app's package.json points at these tarballs: they stay here, outside git.
const packs = join(root, '.kinetic-packs');
rmSync(packs, { recursive: true, force: true });
mkdirSync(packs);
for (const folder of publishable()) pnpmRun(['pack', '--pack-destination', packs], { cwd: folder });
run(process.execPath, [
  join(root, 'cli', 'kinetic', 'dist', 'bin.js'),
  'new',
  dir,
  '--local-packages',
  packs,
  ...options,
]);

/** Every @kinetic/* package that is published, and the CLI. */
function publishable() {
  const folders = [
    ...readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name)),
    join(root, 'cli', 'kinetic'),
  ];
  return folders.filter((folder) => {
    const file = join(folder, 'package.json');
    return existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).private !== true;
  });
}
