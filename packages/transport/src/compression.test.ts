import { get, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { defineView, html } from '@kinetic/core';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { negotiateEncoding } from './compression.js';
import { type KineticOptions, kinetic } from './index.js';

const SECRET = 'test-secret-0123456789-0123456789-abcdef';

// Big enough to be worth compressing (over 1 KB), and very compressible.
const Long = defineView({
  name: 'Long',
  mount: () => ({ rows: Array.from({ length: 200 }, (_, i) => i) }),
  render: ({ rows }) => html`<ul>${rows.map((row) => html`<li>row ${row}</li>`)}</ul>`,
});
const Short = defineView({
  name: 'Short',
  mount: () => ({}),
  render: () => html`<p>hi</p>`,
});

const apps: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** A listening app (127.0.0.1, a free port) with a long page at / and a short one at /short. */
async function start(options: Partial<KineticOptions> = {}) {
  const app = Fastify();
  apps.push(app);
  await app.register(kinetic, { secret: SECRET, ...options });
  app.live('/', Long).live('/short', Short);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes on the wire. */
  body: Buffer;
}

/** A GET as a browser sends it, read raw: node's http does not decode bodies. */
function fetchRaw(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { accept: 'text/html', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    }).on('error', reject);
  });
}

const decode = (response: RawResponse): string => {
  const coding = response.headers['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(response.body).toString();
  if (coding === 'gzip') return gunzipSync(response.body).toString();
  return response.body.toString();
};

const scriptPath = (page: string) => /<script defer src="([^"]+)"/.exec(page)?.[1] ?? '';

describe('compression of the client script', () => {
  it('sends brotli, gzip or the plain bytes as asked, the same script in each', async () => {
    const base = await start();
    const page = decode(await fetchRaw(`${base}/`));
    const url = `${base}${scriptPath(page)}`;
    const plain = await fetchRaw(url, { 'accept-encoding': 'identity' });
    const br = await fetchRaw(url, { 'accept-encoding': 'gzip, deflate, br' });
    const gzip = await fetchRaw(url, { 'accept-encoding': 'gzip' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    for (const response of [plain, br, gzip]) {
      expect(response.status).toBe(200);
      expect(response.headers.vary).toMatch(/accept-encoding/i);
      expect(decode(response)).toBe(plain.body.toString());
    }
    // The bundle is tens of KB: brotli takes it to about a third.
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(br.body.length).toBeLessThan(gzip.body.length);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
  });

  it('sends the plain bytes with compression: false', async () => {
    const base = await start({ compression: false });
    const page = await fetchRaw(`${base}/`, { 'accept-encoding': 'br, gzip' });
    const script = await fetchRaw(`${base}${scriptPath(page.body.toString())}`, {
      'accept-encoding': 'br, gzip',
    });
    expect(page.headers['content-encoding']).toBeUndefined();
    expect(script.headers['content-encoding']).toBeUndefined();
    expect(script.body.toString()).toContain('kinetic');
  });
});

describe('compression of live pages', () => {
  it('compresses a page over 1 KB with brotli, or gzip, and the page is whole', async () => {
    const base = await start();
    const plain = await fetchRaw(`${base}/`);
    const br = await fetchRaw(`${base}/`, { 'accept-encoding': 'br' });
    const gzip = await fetchRaw(`${base}/`, { 'accept-encoding': 'gzip' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    for (const page of [decode(br), decode(gzip)]) {
      expect(page).toContain('<li>row 199</li>');
      expect(page).toContain('</html>');
    }
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
  });

  it('leaves a small page as it is', async () => {
    const base = await start();
    const short = await fetchRaw(`${base}/short`, { 'accept-encoding': 'br, gzip' });
    expect(short.headers['content-encoding']).toBeUndefined();
    expect(short.body.toString()).toContain('<p>hi</p>');
  });

  it('never compresses a page another site asked for (BREACH)', async () => {
    const base = await start();
    for (const site of ['cross-site', 'same-site']) {
      const page = await fetchRaw(`${base}/`, {
        'accept-encoding': 'br, gzip',
        'sec-fetch-site': site,
      });
      expect(page.headers['content-encoding'], site).toBeUndefined();
      expect(page.body.toString()).toContain('<li>row 199</li>');
    }
    for (const site of ['same-origin', 'none']) {
      const page = await fetchRaw(`${base}/`, {
        'accept-encoding': 'br',
        'sec-fetch-site': site,
      });
      expect(page.headers['content-encoding'], site).toBe('br');
    }
  });
});

describe('negotiateEncoding', () => {
  it('prefers br at equal weight, honours q, q=0 and *', () => {
    const offered = ['br', 'gzip'] as const;
    expect(negotiateEncoding('gzip, deflate, br', offered)).toBe('br');
    expect(negotiateEncoding('gzip, br;q=0.5', offered)).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip', offered)).toBe('gzip');
    expect(negotiateEncoding('*', offered)).toBe('br');
    expect(negotiateEncoding('*;q=0', offered)).toBeUndefined();
    expect(negotiateEncoding('identity', offered)).toBeUndefined();
    expect(negotiateEncoding('BR', offered)).toBe('br');
    expect(negotiateEncoding('br;q=oops, gzip', offered)).toBe('gzip');
    expect(negotiateEncoding(undefined, offered)).toBeUndefined();
  });
});
