// Regression tests for what an attack on a running server found: navigation to script
// URLs, route params taken from the client, sessions taken over by their id, ids in logs.
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hardenedApps } from '../test/hardening-app.js';
import { LiveClient, loadPage, type TransportName } from '../test/live-client.js';

const TRANSPORTS: TransportName[] = ['websocket', 'sse', 'longpoll'];

const start = hardenedApps();

async function joined(base: string, transport: TransportName, path: string, joinAs = path) {
  const page = await loadPage(base, path);
  const client = new LiveClient(base, transport, page.cookie);
  await client.connect();
  const reply = await client.join(page, 1, joinAs);
  return { client, page, reply };
}

/** The frames after the `n`th, of a kind. */
const framesOf = (client: LiveClient, kind: string) => client.frames.filter((f) => f[0] === kind);

describe.each(TRANSPORTS)('navigation from handlers over %s', (transport) => {
  it('a redirect to a javascript: URL is refused with KN_ERR_UNSAFE_URL naming the view', async () => {
    const { base } = await start();
    const { client } = await joined(base, transport, '/counter');
    for (const to of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html,<b>',
      'java\tscript:x',
    ]) {
      const reply = await client.event(1, 'redirect', { to });
      expect(reply[0]).toBe('x');
      expect(reply[2]).toBe('KN_ERR_UNSAFE_URL');
      expect(reply[3]).toContain('view Counter');
    }
    expect(framesOf(client, 'g')).toEqual([]);
    // The view is fine afterwards.
    await client.event(1, 'inc');
    expect(client.html(1)).toContain('<b>1</b>');
  });

  it('http(s) and relative URLs go through; a patch to another origin does not', async () => {
    const { base } = await start();
    const { client } = await joined(base, transport, '/counter');
    expect((await client.event(1, 'redirect', { to: 'https://example.com/done' }))[0]).toBe('r');
    expect((await client.event(1, 'redirect', { to: '/counter?x=1' }))[0]).toBe('r');
    expect((await client.event(1, 'navigate', { to: '/doc/public' }))[0]).toBe('r');
    const patched = await client.event(1, 'patch', { to: 'https://example.com/counter' });
    expect(patched[2]).toBe('KN_ERR_UNSAFE_URL');
    const gotos = framesOf(client, 'g').map((f) => [f[2], f[3]]);
    expect(gotos).toEqual([
      ['r', 'https://example.com/done'],
      ['r', '/counter?x=1'],
      ['n', '/doc/public'],
    ]);
  });
});

describe.each(TRANSPORTS)('signed route params over %s', (transport) => {
  it('a token for /doc/public joined with the URL /doc/secret never renders the secret', async () => {
    const { base } = await start();
    expect((await fetch(`${base}/doc/secret`)).status).toBe(403);
    const { client, reply } = await joined(base, transport, '/doc/public', '/doc/secret');
    expect(reply[0]).toBe('r');
    expect(client.html(1)).toBe('<article>document public</article>');
    await client.until(() => framesOf(client, 'g').length > 0);
    const refusal = client.frames.find((f) => f[0] === 'x');
    expect(refusal?.[2]).toBe('KN_ERR_FORBIDDEN');
    // The browser is sent to load the URL as a page, where the guard answers 403.
    expect(framesOf(client, 'g')[0]?.slice(2, 4)).toEqual(['r', `${base}/doc/secret`]);
  });

  it('a URL change to a guarded URL is refused; an allowed one runs handleParams', async () => {
    const { base } = await start();
    const { client } = await joined(base, transport, '/doc/public');
    const refused = await client.request(['u', 1, `${base}/doc/secret`]);
    expect(refused[2]).toBe('KN_ERR_FORBIDDEN');
    expect(client.html(1)).toBe('<article>document public</article>');
    const allowed = await client.request(['u', 1, `${base}/doc/other`]);
    expect(allowed[0]).toBe('r');
    expect(client.html(1)).toBe('<article>document other</article>');
  });

  it('a join elsewhere that the guard allows arrives there through handleParams', async () => {
    const { base } = await start();
    const { client } = await joined(base, transport, '/doc/public', '/doc/other');
    expect(client.html(1)).toBe('<article>document other</article>');
  });
});

describe('authorize() on a view', () => {
  const session = (request: { headers: Record<string, unknown> }) => ({
    user: String(request.headers['x-user'] ?? ''),
  });

  it('answers 403 to the page, and refuses a URL change to someone else’s', async () => {
    const { base } = await start({ session });
    const mine = await fetch(`${base}/vault/ann`, { headers: { 'x-user': 'ann' } });
    expect(mine.status).toBe(200);
    const theirs = await fetch(`${base}/vault/bob`, { headers: { 'x-user': 'ann' } });
    expect(theirs.status).toBe(403);
    const page = await loadPage(base, '/vault/ann', undefined, { 'x-user': 'ann' });
    const client = new LiveClient(base, 'websocket', page.cookie);
    await client.connect();
    await client.join(page, 1, '/vault/ann');
    expect(client.html(1)).toBe('<article>vault of ann</article>');
    const refused = await client.request(['u', 1, `${base}/vault/bob`]);
    expect(refused[2]).toBe('KN_ERR_FORBIDDEN');
    expect(client.html(1)).toBe('<article>vault of ann</article>');
  });
});

describe('URLs from the client', () => {
  it('an unparsable or foreign URL in a u frame is the client’s fault: KN_ERR_URL_INVALID', async () => {
    const { base } = await start();
    const { client } = await joined(base, 'websocket', '/doc/public');
    for (const url of ['http://[', 'https://evil.example/doc/x', 'javascript:alert(1)']) {
      const reply = await client.request(['u', 1, url]);
      expect(reply[0]).toBe('x');
      expect(reply[2]).toBe('KN_ERR_URL_INVALID');
    }
  });
});

describe.each(TRANSPORTS)('taking over a session over %s', (transport) => {
  it('knowing the sid is not enough: the session needs its key', async () => {
    const { base } = await start();
    const { client: owner } = await joined(base, transport, '/counter');
    await owner.event(1, 'inc');
    // An attacker with the sid (from a log, say) and no key, and no cookie either.
    const thief = new LiveClient(base, transport, '');
    thief.sid = owner.sid;
    thief.received = 0;
    const hello = await thief.connect();
    expect(hello[2]).toBe(0);
    expect(thief.sid).not.toBe(owner.sid);
    // The owner still resumes, with its key.
    owner.kill();
    const again = await owner.connect();
    expect(again[2]).toBe(1);
  });
});

describe('resume keys', () => {
  it('a key that travelled in a WebSocket URL is spent: replaying that URL does not resume', async () => {
    const { base } = await start();
    const { client } = await joined(base, 'websocket', '/counter');
    client.kill();
    const spentKey = client.key;
    await client.connect();
    expect(client.key).not.toBe(spentKey);
    const replay = new LiveClient(base, 'websocket', client.cookie);
    replay.sid = client.sid;
    replay.key = spentKey;
    const hello = await replay.connect();
    expect(hello[2]).toBe(0);
  });

  it('a session opened without the CSRF cookie cannot be driven by POSTs that lack its key', async () => {
    const { base } = await start();
    const page = await loadPage(base, '/counter');
    const client = new LiveClient(base, 'sse', '');
    await client.connect();
    await client.join(page, 1, '/counter');
    const response = await fetch(`${base}/_kinetic/live/sse?vsn=1&sid=${client.sid}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '["e",99,1,"inc"]',
    });
    expect(response.status).toBe(404);
    expect((await response.json()).code).toBe('KN_ERR_SESSION_UNKNOWN');
    expect(client.html(1)).toContain('<b>0</b>');
  });

  it('the logs hold neither session ids nor keys', async () => {
    const started = await start();
    for (const transport of TRANSPORTS) {
      const { client } = await joined(started.base, transport, '/counter');
      await client.event(1, 'inc');
      client.kill();
      await client.connect();
      await client.event(1, 'inc');
      const logs = started.logs();
      expect(logs).toContain('/_kinetic/live/');
      expect(logs).not.toContain(client.sid as string);
      expect(logs).not.toContain(client.key as string);
      client.kill();
    }
  });
});

describe('security headers on the live endpoints', () => {
  it('the event stream, hijacked from Fastify, still carries them', async () => {
    const { base } = await start();
    const abort = new AbortController();
    const response = await fetch(`${base}/_kinetic/live/sse?vsn=1`, { signal: abort.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    abort.abort();
  });
});

describe('small holes', () => {
  it('events named after Object’s methods are unknown events', async () => {
    const { base } = await start();
    const { client } = await joined(base, 'websocket', '/counter');
    for (const event of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const reply = await client.event(1, event);
      expect(reply[2]).toBe('KN_ERR_UNKNOWN_EVENT');
    }
  });

  it('what any client can send is logged as a warning, never an error', async () => {
    const { base, logs } = await start();
    const { client } = await joined(base, 'websocket', '/counter');
    await client.event(1, 'nope');
    await client.request(['e', 1, 'inc', {}, 'no-such-component']);
    await client.event(1, 'redirect', { to: 'javascript:alert(1)' });
    // A text frame that is not UTF-8: the socket layer drops the peer.
    const page = await loadPage(base, '/counter');
    const ws = new WebSocket(`${base.replace('http', 'ws')}/_kinetic/live/websocket?vsn=1`, {
      headers: { origin: base, cookie: page.cookie },
    });
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.send(Buffer.from([0xff, 0xfe, 0xfd]), { binary: false });
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const lines = logs()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    const warnings = lines
      .filter((l) => l.level === 40)
      .map((l) => l.msg)
      .join('\n');
    expect(warnings).toContain('KN_ERR_UNKNOWN_EVENT');
    expect(warnings).toContain('KN_ERR_UNKNOWN_COMPONENT');
    expect(warnings).toContain('KN_ERR_UNSAFE_URL');
    expect(warnings).toContain('live WebSocket dropped');
  });

  it('a 20,000-deep JSON body is a malformed frame, not a crash', async () => {
    const { base } = await start();
    const { client } = await joined(base, 'sse', '/counter');
    const deep = `["e",50,1,"inc",{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}]`;
    const response = await fetch(`${base}/_kinetic/live/sse?vsn=1&sid=${client.sid}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-kinetic-key': client.key as string,
        cookie: client.cookie,
      },
      body: deep,
    });
    expect(response.status).toBe(204);
    await client.until(() => client.frames.some((f) => f[0] === 'x'));
    expect(client.frames.find((f) => f[0] === 'x')?.[2]).toBe('KN_ERR_FRAME_MALFORMED');
    const nested = await fetch(`${base}/_kinetic/live/sse?vsn=1&sid=${client.sid}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-kinetic-key': client.key as string,
        cookie: client.cookie,
      },
      body: '['.repeat(20_000) + ']'.repeat(20_000),
    });
    expect(nested.status).toBe(204);
    // The session is unharmed.
    await client.event(1, 'inc');
    expect(client.html(1)).toContain('<b>1</b>');
  });

  it('the origin check compares scheme, host and port', async () => {
    const { base } = await start();
    const page = await loadPage(base, '/counter');
    const port = new URL(base).port;
    for (const origin of [`https://127.0.0.1:${port}`, 'http://127.0.0.1:1', 'http://localhost']) {
      const status = await new Promise<number>((resolve) => {
        const ws = new WebSocket(`${base.replace('http', 'ws')}/_kinetic/live/websocket?vsn=1`, {
          headers: { cookie: page.cookie, origin },
        });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.terminate();
          resolve(101);
        });
        ws.on('error', () => {});
      });
      expect(status, origin).toBe(403);
    }
    const same = await fetch(`${base}/_kinetic/live/poll?vsn=1&hello=1`, {
      headers: { origin: base, cookie: page.cookie },
    });
    expect(same.status).toBe(200);
  });
});
