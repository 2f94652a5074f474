import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BIN, kinetic, linkWorkspacePackages, removeDir, tempDir } from '../../test/run-cli.js';
import { DOCS_PREFIX, serveDocs } from './docs.js';

// The docs route on a real HTTP server, reading the repository's docs/ (what the build
// copies into the package). Paths go out raw, as a client that does not normalise `../` sends.

const REPO_DOCS = new URL('../../../../docs/', import.meta.url);
let server: Server;
let base: string;

const get = (path: string, at = base) =>
  new Promise<{ status: number; type: string; location: string; body: string }>(
    (resolve, reject) => {
      const url = new URL(at);
      const headers = { accept: 'text/html' };
      request({ host: url.hostname, port: url.port, path, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type']),
            location: String(res.headers.location),
            body,
          }),
        );
      })
        .on('error', reject)
        .end();
    },
  );

beforeAll(async () => {
  server = createServer((req, res) => {
    if (!serveDocs((req.url ?? '/').split('?')[0] ?? '/', res, REPO_DOCS)) {
      res.writeHead(418).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the docs kinetic dev serves', () => {
  it('lists every doc by its title on the index', async () => {
    const index = await get(`${DOCS_PREFIX}/`);
    expect(index.status).toBe(200);
    expect(index.type).toBe('text/html; charset=utf-8');
    expect(index.body).toContain(
      `<a href="${DOCS_PREFIX}/views">Views, components and bindings</a>`,
    );
    expect(index.body).toContain(`<a href="${DOCS_PREFIX}/cli">The kinetic command line</a>`);
    expect(index.body).toContain(`<a href="${DOCS_PREFIX}/examples">Examples</a>`);
  });

  it('sends the bare prefix to the index', async () => {
    const bare = await get(DOCS_PREFIX);
    expect(bare.status).toBe(308);
    expect(bare.location).toBe(`${DOCS_PREFIX}/`);
  });

  it('renders a doc as HTML, with heading ids its links land on', async () => {
    const views = await get(`${DOCS_PREFIX}/views`);
    expect(views.status).toBe(200);
    expect(views.body).toContain('<h1 id="views-components-and-bindings">Views, components');
    expect(views.body).toContain('<h2 id="a-view">A view</h2>');
    expect(views.body).toContain('<h3 id="when-there-is-nothing-at-the-url">');
    // A link to another doc points at its page here, not at the .md file.
    expect(views.body).toContain('href="security#error-pages"');
    expect(views.body).toContain('<table>');
  });

  it('answers 404 for an unknown name, a path out of the folder, or a file name', async () => {
    for (const path of [
      `${DOCS_PREFIX}/nope`,
      `${DOCS_PREFIX}/../package.json`,
      `${DOCS_PREFIX}/..%2fpackage.json`,
      `${DOCS_PREFIX}/views.md`,
      `${DOCS_PREFIX}/views/`,
      `${DOCS_PREFIX}/Views`,
    ]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).not.toContain('"name"');
    }
  });

  it('leaves other paths to the caller', async () => {
    expect((await get('/__kinetic/dev/events')).status).toBe(418);
    expect((await get('/')).status).toBe(418);
  });
});

describe('kinetic dev on a new app', () => {
  let dir: string;
  let dev: ChildProcess;
  let app: string;

  beforeAll(async () => {
    dir = tempDir();
    expect(kinetic(['new', 'app', '--no-install', '--no-git'], dir).status).toBe(0);
    linkWorkspacePackages(join(dir, 'app'));
    let output = '';
    dev = spawn(process.execPath, [BIN, 'dev', '--port', '0'], {
      cwd: join(dir, 'app'),
      env: { ...process.env, NO_COLOR: '1' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    dev.stdout?.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    await vi.waitFor(() => expect(output).toMatch(/App:\s+http:\/\/127\.0\.0\.1:\d+\//), {
      timeout: 20_000,
    });
    app = (/App:\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output) as RegExpExecArray)[1] as string;
  }, 30_000);

  afterAll(() => {
    if (dev.pid !== undefined) process.kill(-dev.pid, 'SIGTERM');
    removeDir(dir);
  });

  it('serves the shipped docs, and the welcome page links to them: every link answers', async () => {
    const welcome = await get('/', app);
    expect(welcome.status).toBe(200);
    expect(welcome.body).toContain('This is a <strong>Kinetic</strong> app.');
    const links = [...welcome.body.matchAll(/<a href="([^"]+)"/g)].map((match) => match[1]);
    expect(links).toEqual(expect.arrayContaining([`${DOCS_PREFIX}/`, `${DOCS_PREFIX}/examples`]));
    for (const link of links) expect((await get(link as string, app)).status, link).toBe(200);
    const examples = await get(`${DOCS_PREFIX}/examples`, app);
    expect(examples.body).toContain('<h1 id="examples">Examples</h1>');
    expect((await get(`${DOCS_PREFIX}/../package.json`, app)).status).toBe(404);
  });
});
