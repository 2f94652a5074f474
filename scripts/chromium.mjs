// Finds the system Chromium the e2e tests drive, installing Debian's package when we can.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function ensureChromium() {
  const found = CANDIDATES.find((path) => path && existsSync(path));
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('\n> apt-get install -y chromium (the e2e tests drive the system Chromium)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
      const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
      if (result.status !== 0) break;
    }
    if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  console.error(
    '\nThe e2e tests need Chromium. Install it (Debian/Ubuntu: sudo apt-get install chromium)\n' +
      'or point CHROMIUM_PATH at a Chromium or Chrome binary, then run npm test again.',
  );
  process.exit(1);
}
