import { describe, expect, it } from 'vitest';
import { formatAppLog, ShownFailures } from './app-log.js';

const root = '/home/me/app';
const record = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 30, time: Date.UTC(2026, 0, 1), pid: 7, hostname: 'box', ...fields });

describe('formatAppLog', () => {
  it('prints a log record as one line: time, level, message, its own fields', () => {
    const line = formatAppLog(
      record({ level: 40, msg: 'slow query', table: 'posts', ms: 812 }),
      root,
    );
    expect(line).toMatch(/^\d\d:\d\d:\d\d WARN slow query table=posts ms=812$/);
  });

  it('shows a request by its method, URL and status', () => {
    const line = formatAppLog(
      record({
        reqId: 'req-1',
        req: { method: 'GET', url: '/posts' },
        res: { statusCode: 200 },
        msg: 'request completed',
      }),
      root,
    );
    expect(line).toMatch(/ INFO GET \/posts 200 request completed reqId=req-1$/);
  });

  it('gives an error its message and its place in the app, not its stack', () => {
    const stack = [
      'TypeError: nope',
      '    at save (/home/me/app/node_modules/lib/index.js:1:1)',
      '    at handler (/home/me/app/src/routes.ts:12:9)',
    ].join('\n');
    const line = formatAppLog(
      record({
        level: 50,
        msg: 'request failed',
        err: { type: 'TypeError', message: 'nope', stack },
      }),
      root,
    );
    expect(line).toMatch(/ ERROR request failed: TypeError: nope src\/routes\.ts:12:9$/);
    expect(line).not.toContain('node_modules');
  });

  it('leaves out view failures, which the dev server shows with a code frame', () => {
    expect(
      formatAppLog(
        record({
          level: 50,
          msg: 'KN_ERR_VIEW_HANDLER: view Counter threw',
          err: { message: 'boom' },
        }),
        root,
      ),
    ).toBeUndefined();
    expect(
      formatAppLog(
        record({
          level: 50,
          msg: 'live page Counter failed to render',
          err: { code: 'KN_ERR_VIEW_MOUNT' },
        }),
        root,
      ),
    ).toBeUndefined();
  });

  it('leaves out the record of a failure the dev server has just shown', () => {
    const shown = new ShownFailures();
    const message = 'KN_ERR_UNKNOWN_EVENT: view Counter has no handler for event "incc".';
    shown.add(message);
    const line = record({ level: 40, msg: message, view: 'Counter' });
    expect(formatAppLog(line, root, (m) => shown.take(m))).toBeUndefined();
    // Once: the same failure again, not shown again, is printed.
    expect(formatAppLog(line, root, (m) => shown.take(m))).toContain('WARN KN_ERR_UNKNOWN_EVENT');
  });

  it("puts a live session's view, event and session first, and says its code once", () => {
    const line = formatAppLog(
      record({
        level: 40,
        // As the runtime binds them: the session's log id and request first, the view later.
        session: '9a1fUxli',
        reqId: 'req-2',
        view: 'Counter',
        where: 'handleEvent("nope")',
        event: 'nope',
        code: 'KN_ERR_UNKNOWN_EVENT',
        msg: 'KN_ERR_UNKNOWN_EVENT: view Counter has no handler for event "nope".',
      }),
      root,
    );
    expect(line).toMatch(
      / WARN KN_ERR_UNKNOWN_EVENT: view Counter has no handler for event "nope"\. view=Counter event=nope session=9a1fUxli reqId=req-2 where=handleEvent\("nope"\)$/,
    );
    // A code the message does not start with is kept.
    expect(formatAppLog(record({ msg: 'hook failed', code: 'KN_ERR_HOOK_FAILED' }), root)).toMatch(
      /hook failed code=KN_ERR_HOOK_FAILED$/,
    );
  });

  it('tags audit records', () => {
    const line = formatAppLog(
      record({
        level: 40,
        logger: 'kinetic.audit',
        event: 'refused',
        code: 'KN_ERR_ORIGIN',
        ip: '127.0.0.1',
        msg: 'KN_ERR_ORIGIN: live connection refused from origin https://evil.example',
      }),
      root,
    );
    expect(line).toMatch(
      / WARN AUDIT KN_ERR_ORIGIN: live connection refused from origin https:\/\/evil\.example event=refused ip=127\.0\.0\.1$/,
    );
  });

  it('passes other output as it is', () => {
    expect(formatAppLog('hello from console.log', root)).toBe('hello from console.log');
    expect(formatAppLog('{"not":"a record"}', root)).toBe('{"not":"a record"}');
  });
});
