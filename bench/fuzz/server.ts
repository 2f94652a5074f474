// The server of the fuzz bench, in a process of its own: its memory is read alone, and a
// crash shows as an exit. The hardening tests' app (the same views and routes), trusting its
// proxy for client addresses; warnings and errors are counted, not kept, since a million
// malformed frames log a lot. argv[2]: the Kinetic options as JSON.
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { kinetic } from '../../packages/transport/src/index.js';
import { Big, Counter, SECRET } from '../../packages/transport/test/hardening-app.js';

/** A question from the bench, and the answer sent back under the same id. */
export interface Ask {
  readonly id: number;
  readonly ask: 'memory' | 'gc' | 'stats';
}

export interface ServerStats {
  readonly sessions: number;
  readonly connections: number;
  readonly pending: number;
  readonly warnings: number;
  readonly errors: number;
  /** Error-level log lines by error code (or their first 80 characters), with their counts. */
  readonly errorMessages: Record<string, number>;
}

const gc = (globalThis as { gc?: () => void }).gc;
let warnings = 0;
let errors = 0;
const errorMessages: Record<string, number> = {};

const log = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n')) {
      if (line === '') continue;
      const entry = JSON.parse(line) as { level: number; msg?: string };
      if (entry.level >= 50) {
        errors++;
        // By error code where there is one: "KN_ERR_UNKNOWN_EVENT: view Counter has no…".
        const msg = String(entry.msg);
        const key = /^KN_ERR_\w+/.exec(msg)?.[0] ?? msg.slice(0, 80);
        if (key in errorMessages || Object.keys(errorMessages).length < 50)
          errorMessages[key] = (errorMessages[key] ?? 0) + 1;
      } else if (entry.level >= 40) warnings++;
    }
    done();
  },
});

const app = Fastify({ logger: { level: 'warn', stream: log }, trustProxy: true });
await app.register(kinetic, { secret: SECRET, ...JSON.parse(process.argv[2] ?? '{}') });
app.live('/counter', Counter).live('/big', Big);
await app.listen({ port: 0, host: '127.0.0.1' });

process.send?.({ port: (app.server.address() as { port: number }).port });
process.on('message', ({ id, ask }: Ask) => {
  if (ask === 'gc') for (let i = 0; i < 3; i++) gc?.();
  if (ask === 'stats') {
    const { sessions } = app.kinetic;
    const stats: ServerStats = {
      sessions: sessions.size,
      connections: sessions.connections,
      pending: sessions.pendingCount,
      warnings,
      errors,
      errorMessages,
    };
    process.send?.({ id, stats });
  } else {
    process.send?.({ id, memory: process.memoryUsage() });
  }
});
// The bench went away (it crashed, or was stopped): so does its server.
process.on('disconnect', () => process.exit(0));
