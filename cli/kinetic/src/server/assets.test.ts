import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAssets } from './assets.js';

const dir = mkdtempSync(join(tmpdir(), 'kinetic-assets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function serve(assets: ReturnType<typeof loadAssets>) {
  const app = Fastify();
  await app.register(assets.plugin);
  return app;
}

describe('loadAssets from a build', () => {
  mkdirSync(join(dir, 'build', 'assets'), { recursive: true });
  mkdirSync(join(dir, 'build', 'client'), { recursive: true });
  writeFileSync(join(dir, 'build', 'assets', 'app-ABC123.css'), 'body{color:red}');
  writeFileSync(join(dir, 'build', 'assets', 'notes.txt'), 'not in the manifest');
  writeFileSync(join(dir, 'build', 'secret.txt'), 'outside the assets');
  const manifest = join(dir, 'build', 'manifest.json');
  writeFileSync(
    manifest,
    JSON.stringify({
      version: 1,
      assets: { 'app.css': 'app-ABC123.css' },
      assetsDir: 'assets',
      client: 'client/kinetic.min.js',
      server: 'server.js',
    }),
  );

  it('gives hashed URLs and the built browser runtime', () => {
    const assets = loadAssets({ manifest });
    expect(assets.built).toBe(true);
    expect(assets.href('app.css')).toBe('/assets/app-ABC123.css');
    expect(assets.kineticOptions.clientBundle).toBe(join(dir, 'build', 'client', 'kinetic.min.js'));
  });

  it('serves hashed files for a year, and nothing else', async () => {
    const app = await serve(loadAssets({ manifest }));
    const css = await app.inject('/assets/app-ABC123.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await app.inject('/assets/notes.txt')).statusCode).toBe(404);
    expect((await app.inject('/assets/..%2Fsecret.txt')).statusCode).toBe(404);
    await app.close();
  });

  it('says which manifest it could not read', () => {
    expect(() => loadAssets({ manifest: join(dir, 'none.json') })).toThrow(
      /KN_ERR_ASSETS_MANIFEST.*none\.json/,
    );
  });
});

describe('loadAssets without a build', () => {
  it('reads files fresh from their folder, and never from outside it', async () => {
    mkdirSync(join(dir, 'styles'), { recursive: true });
    writeFileSync(join(dir, 'styles', 'app.css'), 'h1{}');
    const assets = loadAssets({ sourceDir: join(dir, 'styles') });
    expect(assets.href('app.css')).toBe('/assets/app.css');
    const app = await serve(assets);
    const css = await app.inject('/assets/app.css');
    expect(css.body).toBe('h1{}');
    expect(css.headers['cache-control']).toBe('no-cache');
    expect((await app.inject('/assets/../manifest.json')).statusCode).toBe(404);
    expect((await app.inject('/assets/%2E%2E/build/secret.txt')).statusCode).toBe(404);
    await app.close();
  });
});
