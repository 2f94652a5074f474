import { describe, expect, it } from 'vitest';
import { detectPackageManager, execBin, runScript } from './package-manager.js';

describe('detectPackageManager', () => {
  it('reads the user agent package managers set', () => {
    expect(detectPackageManager('pnpm/10.34.9 npm/? node/v20.19.0 linux x64')).toBe('pnpm');
    expect(detectPackageManager('yarn/4.5.0 npm/? node/v20.19.0 darwin arm64')).toBe('yarn');
    expect(detectPackageManager('bun/1.2.0 npm/? node/v22.0.0 linux x64')).toBe('bun');
    expect(detectPackageManager('npm/10.8.2 node/v20.19.0 linux x64')).toBe('npm');
  });

  it('falls back to npm', () => {
    expect(detectPackageManager(undefined)).toBe('npm');
    expect(detectPackageManager('deno/2.0')).toBe('npm');
  });
});

describe('runScript', () => {
  it('spells each manager’s way of running a script', () => {
    expect(runScript('npm', 'dev')).toBe('npm run dev');
    expect(runScript('npm', 'test')).toBe('npm test');
    expect(runScript('pnpm', 'dev')).toBe('pnpm dev');
    // `bun test` would be Bun's own test runner, not the script.
    expect(runScript('bun', 'test')).toBe('bun run test');
  });
});

describe('execBin', () => {
  it('runs a package bin the way each manager does', () => {
    expect(execBin('npm', 'kinetic')).toBe('npx kinetic');
    expect(execBin('pnpm', 'kinetic')).toBe('pnpm exec kinetic');
  });
});
