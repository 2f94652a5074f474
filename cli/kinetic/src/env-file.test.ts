import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../test/run-cli.js';
import { loadEnvFile } from './env-file.js';

const dir = tempDir();
afterAll(() => removeDir(dir));

describe('loadEnvFile', () => {
  it('sets what the .env file names, and the environment wins over it', () => {
    writeFileSync(
      join(dir, '.env'),
      '# a comment\nKINETIC_SECRET=from-the-file-0123456789-abcdefghij\nPORT=4100\nEMPTY=\nQUOTED="a b"\n',
    );
    const env: NodeJS.ProcessEnv = { PORT: '5000' };
    expect(loadEnvFile(dir, env)).toEqual(['KINETIC_SECRET', 'QUOTED']);
    expect(env).toEqual({
      PORT: '5000',
      KINETIC_SECRET: 'from-the-file-0123456789-abcdefghij',
      QUOTED: 'a b',
    });
  });

  it('does nothing without a .env file', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadEnvFile(join(dir, 'nowhere'), env)).toEqual([]);
    expect(env).toEqual({});
  });
});
