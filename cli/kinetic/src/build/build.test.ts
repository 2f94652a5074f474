import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kinetic, linkWorkspacePackages, removeDir, tempDir } from '../../test/run-cli.js';
import { loadAssets } from '../server/assets.js';
import { readManifest } from '../server/manifest.js';

// `kinetic build` on a new app (linked to this repository's packages and TypeScript),
// through the real CLI: compressed copies of what browsers download, and the type check.

let dir: string;
let app: string;
let output: string;

beforeAll(() => {
  dir = tempDir();
  app = join(dir, 'app');
  expect(kinetic(['new', 'app', '--no-install', '--no-git'], dir).status).toBe(0);
  linkWorkspacePackages(app, { devTools: true });
  const built = kinetic(['build'], app);
  expect(built.status, built.output).toBe(0);
  output = built.output;
}, 120_000);
afterAll(() => removeDir(dir));

const dist = (...parts: string[]) => join(app, 'dist', ...parts);

describe('kinetic build: compression', () => {
  it('writes brotli and gzip copies of the stylesheet and the client, the same bytes inside', () => {
    const manifest = readManifest(dist('manifest.json'));
    const css = manifest.assets['app.css'] as string;
    expect(manifest.encodings?.[css]).toEqual(['br', 'gzip']);
    for (const file of [dist('assets', css), dist(manifest.client)]) {
      const plain = readFileSync(file);
      expect(brotliDecompressSync(readFileSync(`${file}.br`)).equals(plain), file).toBe(true);
      expect(gunzipSync(readFileSync(`${file}.gz`)).equals(plain), file).toBe(true);
    }
    // The client bundle is tens of KB; brotli takes it to about a third.
    const client = readFileSync(dist(manifest.client)).length;
    expect(readFileSync(dist(`${manifest.client}.br`)).length).toBeLessThan(client / 2);
  });

  it('prints the brotli size beside the plain and gzip ones, without listing the copies', () => {
    expect(output).toMatch(/file\s+size\s+gzip\s+brotli/);
    expect(output).toMatch(/client\/kinetic\.min\.js\s+[\d.]+ kB\s+[\d.]+ kB\s+[\d.]+ kB/);
    expect(output).not.toMatch(/\.br\s/);
  });

  it('serves the copy the browser accepts, with Vary, and the plain file otherwise', async () => {
    const manifest = readManifest(dist('manifest.json'));
    const css = manifest.assets['app.css'] as string;
    const server = Fastify();
    try {
      const assets = loadAssets({ manifest: dist('manifest.json') });
      await server.register(assets.plugin);
      const url = assets.href('app.css');
      const br = await server.inject({ url, headers: { 'accept-encoding': 'gzip, br' } });
      const gzip = await server.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      const plain = await server.inject({ url });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.rawPayload.equals(readFileSync(dist('assets', `${css}.br`)))).toBe(true);
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.rawPayload).toString()).toBe(plain.body);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe(readFileSync(dist('assets', css), 'utf8'));
      for (const reply of [br, gzip, plain]) {
        expect(reply.headers.vary).toMatch(/accept-encoding/i);
        expect(reply.headers['content-type']).toContain('text/css');
      }
      // The copies are not assets of their own.
      expect((await server.inject(`${url}.br`)).statusCode).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('compresses no image or font: they are compressed formats', () => {
    expect(readdirSync(dist('assets')).every((file) => /\.(css|br|gz|map)$/.test(file))).toBe(true);
  });
});

describe('kinetic build: types', () => {
  it('stops on a type error, naming the file and line, and builds with --no-typecheck', () => {
    const file = join(app, 'src', 'views', 'counter.ts');
    const source = readFileSync(file, 'utf8');
    writeFileSync(file, `${source}\nexport const wrong: number = 'not a number';\n`);
    try {
      const failed = kinetic(['build', '--out', 'dist-typed'], app);
      expect(failed.status).toBe(1);
      expect(failed.output).toMatch(/src\/views\/counter\.ts[:(]\d+[:,]\d+/);
      expect(failed.output).toContain("Type 'string' is not assignable to type 'number'");
      expect(failed.output).toContain('KN_ERR_CLI_TYPE_ERRORS');
      expect(failed.output).toContain('--no-typecheck');
      expect(existsSync(join(app, 'dist-typed', 'manifest.json'))).toBe(false);

      const anyway = kinetic(['build', '--out', 'dist-typed', '--no-typecheck'], app);
      expect(anyway.status, anyway.output).toBe(0);
      expect(existsSync(join(app, 'dist-typed', 'manifest.json'))).toBe(true);
    } finally {
      writeFileSync(file, source);
    }
  }, 120_000);
});
