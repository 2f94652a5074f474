import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { logLines } from '../test/log-lines.js';
import { logging } from './logging.js';

describe('logging()', () => {
  it('writes JSON lines in production, whatever the terminal', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    let options: ReturnType<typeof logging>;
    try {
      options = logging();
    } finally {
      process.env.NODE_ENV = previous;
    }
    expect(options).toEqual({ level: 'info' });
    const { lines, stream } = logLines();
    const app = Fastify({ logger: { ...options, stream } });
    app.log.info({ view: 'Counter', session: 'abc123' }, 'joined');
    await app.close();
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 30,
      msg: 'joined',
      view: 'Counter',
      session: 'abc123',
    });
  });

  it('writes readable lines with pretty (pino-pretty, resolved from Kinetic)', async () => {
    const options = logging({ pretty: true });
    expect(options.transport?.target).toMatch(/pino-pretty/);
    const dir = mkdtempSync(join(tmpdir(), 'kinetic-logging-'));
    const file = join(dir, 'out.log');
    try {
      const transport = {
        target: options.transport?.target as string,
        // The same options, written to a file instead of standard output, to read them back.
        options: { ...options.transport?.options, destination: file, colorize: false, sync: true },
      };
      const app = Fastify({ logger: { level: options.level, transport } });
      app.log.info({ view: 'Counter', session: 'abc123' }, 'joined');
      await app.close();
      // The transport runs in a worker: its file is complete once the worker flushed.
      await expect.poll(() => readFileSync(file, 'utf8'), { timeout: 10_000 }).toContain('joined');
      const out = readFileSync(file, 'utf8');
      expect(() => JSON.parse(out.trim())).toThrow();
      expect(out).toContain('INFO');
      expect(out).toMatch(/view: "Counter"/);
      expect(out).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes the level from LOG_LEVEL', () => {
    const previous = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'warn';
    try {
      expect(logging({ pretty: false }).level).toBe('warn');
    } finally {
      if (previous === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = previous;
    }
  });
});
