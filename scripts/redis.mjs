// Makes sure a Redis server can run for the Redis adapters' tests (they start it themselves
// when none is running on 127.0.0.1:6379), installing Debian's package when we can. An app
// on one node needs no Redis; only these tests and apps that scale out do.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const hasRedis = () => spawnSync('redis-server', ['--version']).status === 0;

export function ensureRedisServer() {
  if (hasRedis()) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(
      '\n> apt-get install -y redis-server (the Redis adapters are tested against a real Redis)',
    );
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'redis-server']]) {
      const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
      if (result.status !== 0) break;
    }
    if (hasRedis()) return;
  }
  console.error(
    '\nThe Redis adapters are tested against a real Redis. Install redis-server (Debian/Ubuntu:\n' +
      'sudo apt-get install redis-server) or start one on 127.0.0.1:6379, then run npm test again.',
  );
  process.exit(1);
}
