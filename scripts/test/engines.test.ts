// Kinetic says Node 20.19 is enough: every package an install brings must agree, or each
// install warns EBADENGINE (and may break on Node 20).
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { expect, it } from 'vitest';

const lockfile = readFileSync(new URL('../../pnpm-lock.yaml', import.meta.url), 'utf8');
const minimum = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
  .engines.node as string;

it('every locked package runs on the Node version Kinetic asks for', () => {
  const oldest = semver.minVersion(minimum)?.version ?? '';
  expect(oldest).toBe('20.19.0');
  const refusing: string[] = [];
  let name = '';
  for (const line of lockfile.split('\n')) {
    const entry = /^ {2}'?([^\s:']+@[^\s:']+)'?:$/.exec(line);
    if (entry) name = entry[1] as string;
    const engines = /^ {4}engines: \{node: '?([^'}]+)'?\}/.exec(line);
    if (engines && !semver.satisfies(oldest, engines[1] as string)) {
      refusing.push(`${name} needs node ${engines[1]}`);
    }
  }
  expect(refusing).toEqual([]);
});
