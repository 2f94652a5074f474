import { readFileSync } from 'node:fs';

/** This package's version; new projects depend on the Kinetic packages of the same version. */
export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
