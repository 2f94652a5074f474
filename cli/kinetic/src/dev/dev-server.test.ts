import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { PROTOCOL_VERSION } from '@kinetic/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { BIN, kinetic, linkWorkspacePackages, removeDir, tempDir } from '../../test/run-cli.js';
import type { DevMessage } from '../shared/dev-protocol.js';

// `kinetic dev` on a new app (linked to this repository's packages), driven over HTTP, its
// event stream and a raw live connection: no browser needed. The e2e suite does the same in
// Chromium.

let dir: string;
let app: string;
let dev: ChildProcess;
let output = '';
let base: string;
const messages: DevMessage[] = [];
const counter = () => join(app, 'src', 'views', 'counter.ts');
let original: string;

const edit = (change: (source: string) => string) => writeFileSync(counter(), change(original));

beforeAll(async () => {
  dir = tempDir();
  app = join(dir, 'app');
  expect(kinetic(['new', 'app', '--no-install', '--no-git'], dir).status).toBe(0);
  linkWorkspacePackages(app);
  original = readFileSync(counter(), 'utf8');
  dev = spawn(process.execPath, [BIN, 'dev', '--port', '0'], {
    cwd: app,
    env: { ...process.env, NO_COLOR: '1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  dev.stdout?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  dev.stderr?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  await vi.waitFor(() => expect(output).toMatch(/App:\s+http:\/\/127\.0\.0\.1:\d+\//), {
    timeout: 20_000,
  });
  base = (/App:\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output) as RegExpExecArray)[1] as string;
  // The dev server's event stream, as a page's dev client reads it.
  get(`${base}/__kinetic/dev/events`, (res) => {
    let buffer = '';
    res.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(event)?.[1];
        if (data !== undefined) messages.push(JSON.parse(data) as DevMessage);
      }
    });
  });
}, 30_000);

afterAll(() => {
  if (dev?.pid !== undefined) {
    try {
      process.kill(-dev.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  removeDir(dir);
});

/** Waits for a message the stream sends from now on; fails with what the dev server printed. */
async function nextMessage(type: DevMessage['type'], timeout = 10_000): Promise<DevMessage> {
  const from = messages.length;
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = messages.slice(from).find((m) => m.type === type);
    if (found !== undefined) return found;
    if (Date.now() > deadline) {
      throw new Error(
        `no "${type}" message in ${timeout}ms; got ${JSON.stringify(messages.slice(from))}\n${output}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function page(path = '/') {
  const res = await fetch(`${base}${path}`, { headers: { accept: 'text/html' } });
  const html = await res.text();
  const csrf = /_kn_csrf=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const token = /data-lv-token="([^"]+)"/.exec(html)?.[1] ?? '';
  return { status: res.status, html, csrf, token };
}

/** A live connection through the dev server, as the browser runtime makes one. */
function connect(csrf: string) {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/_kinetic/live/websocket`, {
    headers: { cookie: `_kn_csrf=${csrf}`, origin: base },
  });
  const frames: string[] = [];
  ws.on('message', (data) => frames.push(data.toString()));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  return { ws, frames, opened, closed };
}

/** Opens the counter page and joins it; `before` re-joins the view an earlier page had. */
async function joinCounter(before?: { token: string; csrf: string }) {
  const opened = await page();
  const csrf = before?.csrf ?? opened.csrf;
  const live = connect(csrf);
  await live.opened;
  const k = before?.token ?? opened.token;
  live.ws.send(JSON.stringify(['j', 1, 1, { k, c: csrf, u: `${base}/`, v: PROTOCOL_VERSION }]));
  await vi.waitFor(() => expect(live.frames.join()).toContain('Counter'));
  let ref = 2;
  return {
    ...live,
    token: k,
    csrf,
    send: (event: string) => live.ws.send(JSON.stringify(['e', ref++, 1, event])),
  };
}

const routesFile = () => join(app, 'src', 'routes.ts');
const appFile = () => join(app, 'src', 'app.ts');

describe('kinetic dev', { timeout: 20_000 }, () => {
  it('serves the app, with the dev client added to its pages', async () => {
    const { status, html } = await page();
    expect(status).toBe(200);
    expect(html).toContain('data-live-view="Counter"');
    // First in <head>: it runs before the page's own scripts.
    expect(html).toContain('<head><script type="module" src="/__kinetic/dev/dev-client.js">');
    const client = await fetch(`${base}/__kinetic/dev/dev-client.js`);
    expect(client.headers.get('content-type')).toContain('javascript');
    expect(await client.text()).toContain('EventSource');
  });

  it('keeps a view’s state when its code changes, and shows the new code', async () => {
    const { csrf, token } = await page();
    const join = (live: ReturnType<typeof connect>) =>
      live.ws.send(
        JSON.stringify(['j', 1, 1, { k: token, c: csrf, u: `${base}/`, v: PROTOCOL_VERSION }]),
      );
    const first = connect(csrf);
    await first.opened;
    join(first);
    for (let ref = 2; ref <= 4; ref++) first.ws.send(JSON.stringify(['e', ref, 1, 'inc']));
    await vi.waitFor(() => expect(first.frames.join()).toContain('Count: 3'));

    edit((source) => source.replace('<h1>Counter</h1>', '<h1>Counter, edited</h1>'));
    // The dev server cuts live connections on restart; the browser runtime then re-joins.
    await first.closed;
    await vi.waitFor(() => expect(output).toMatch(/1 view kept its state/), { timeout: 10_000 });
    const second = connect(csrf);
    await second.opened;
    join(second);
    await vi.waitFor(() => expect(second.frames.join()).toContain('Counter, edited'));
    expect(second.frames.join()).toContain('Count: 3');
    second.ws.close();
  });

  it('streams a build error with its place in the source, and clears it once fixed', async () => {
    const failing = nextMessage('error');
    edit((source) => source.replace('<h1>Counter</h1>', '<h1>Counter</h1>${'));
    const message = await failing;
    expect(message.type === 'error' && message.error.phase).toBe('build');
    expect(message.type === 'error' && message.error.file).toBe(join('src', 'views', 'counter.ts'));
    expect(message.type === 'error' && message.error.frame).toContain('>');
    expect(output).toContain('build failed');

    const cleared = nextMessage('restarted');
    edit((source) => source);
    await cleared;
  });

  it('answers a page whose view fails to mount with the error overlay', async () => {
    const failing = nextMessage('error');
    edit((source) =>
      source.replace(
        'mount: () => ({ count: 0 }),',
        "mount: () => { throw new Error('no count today'); },",
      ),
    );
    await nextMessage('restarted');
    const { status, html } = await page();
    expect(status).toBe(500);
    expect(html).toContain('data-kinetic-dev-error-page');
    expect(html).toContain('no count today');
    const message = await failing;
    expect(message.type === 'error' && message.error.phase).toBe('mount');
    expect(message.type === 'error' && message.error.file).toBe(join('src', 'views', 'counter.ts'));
    const cleared = nextMessage('restarted');
    edit((source) => source);
    await cleared;
    expect((await page()).status).toBe(200);
  });

  it('sends a stylesheet change to the pages without restarting the app', async () => {
    const css = nextMessage('css');
    const file = join(app, 'src', 'styles', 'app.css');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nh1 { color: rgb(1, 2, 3); }\n`);
    const message = await css;
    expect(message).toEqual({ type: 'css', href: '/assets/app.css' });
    expect(await (await fetch(`${base}/assets/app.css`)).text()).toContain('rgb(1, 2, 3)');
  });
  it('keeps a view’s state through any number of starts that fail', {
    timeout: 40_000,
  }, async () => {
    const first = await joinCounter();
    for (let i = 0; i < 3; i++) first.send('inc');
    await vi.waitFor(() => expect(first.frames.join()).toContain('Count: 3'));

    const appSource = readFileSync(appFile(), 'utf8');
    const routesSource = readFileSync(routesFile(), 'utf8');
    const thrown = nextMessage('error');
    writeFileSync(appFile(), `throw new Error('not today');\n${appSource}`);
    const startup = await thrown;
    expect(startup.type === 'error' && startup.error.phase).toBe('startup');
    expect(startup.type === 'error' && startup.error.file).toBe(join('src', 'app.ts'));
    // Said once, placed in the source: not Node's dump of the exception before it.
    await vi.waitFor(() => expect(output).toContain('app failed to start'));
    expect(output).not.toContain('Node.js v');
    await first.closed;

    // A second failure in a row: a route declared twice.
    const conflict = nextMessage('error');
    writeFileSync(appFile(), appSource);
    writeFileSync(
      routesFile(),
      routesSource.replace(
        "app.live('/', Counter);",
        "app.live('/', Counter);\n  app.live('/', Counter);",
      ),
    );
    const second = await conflict;
    expect(second.type === 'error' && second.error.message).toContain('KN_ERR_ROUTE_CONFLICT');

    const restarted = nextMessage('restarted');
    writeFileSync(routesFile(), routesSource);
    await restarted;
    const back = await joinCounter(first);
    expect(back.frames.join()).toContain('Count: 3');
    back.ws.close();
  });

  it('prints the app’s log records as lines, without the JSON and stacks', async () => {
    const from = output.length;
    const live = await joinCounter();
    live.send('incc');
    // Reported once, as a failure with its place (the overlay shows it too), not as a log line.
    await vi.waitFor(() =>
      expect(output.slice(from)).toMatch(
        /\d\d:\d\d:\d\d ✗ event handler failed \(view Counter\)\n {2}KN_ERR_UNKNOWN_EVENT: view Counter has no handler for event "incc"\./,
      ),
    );
    live.ws.close();

    const failing = nextMessage('error');
    edit((source) =>
      source.replace("socket.update('count', (n) => n + 1);", "throw new Error('no more');"),
    );
    await nextMessage('restarted');
    const again = await joinCounter();
    again.send('inc');
    const message = await failing;
    expect(message.type === 'error' && message.error.phase).toBe('handler');
    await vi.waitFor(() => expect(output.slice(from)).toContain('event handler failed'));
    // Give a log record written after the report the time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const printed = output.slice(from);
    expect(printed).not.toContain('{"level"');
    expect(printed).not.toContain('"stack"');
    expect(printed.match(/threw in handleEvent\("inc"\): no more/g)).toHaveLength(1);
    again.ws.close();
    const restarted = nextMessage('restarted');
    edit((source) => source);
    await restarted;
  });

  it('shows an event no view handles in the overlay', async () => {
    const failing = nextMessage('error', 3000);
    const live = await joinCounter();
    live.send('incc');
    const message = await failing;
    live.ws.close();
    expect(message.type === 'error' && message.error).toMatchObject({
      phase: 'handler',
      view: 'Counter',
    });
    expect(message.type === 'error' && message.error.message).toContain('KN_ERR_UNKNOWN_EVENT');
  });

  it('refuses a second dev server for the app, and leaves the first one serving', async () => {
    const port = new URL(base).port;
    for (const args of [
      ['--port', port],
      ['--port', '0'],
    ]) {
      const second = kinetic(['dev', ...args], app);
      expect(second.status).toBe(1);
      expect(second.output).toContain('KN_ERR_CLI_DEV_RUNNING');
      expect(second.output).toMatch(
        new RegExp(`already runs for the app in .* \\(pid ${dev.pid}, ${base}/\\)`),
      );
    }
    const css = await fetch(`${base}/assets/app.css`);
    expect(css.status).toBe(200);
    expect((await page()).status).toBe(200);
  });
});
