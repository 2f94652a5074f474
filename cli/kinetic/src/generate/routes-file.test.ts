import { describe, expect, it } from 'vitest';
import { wireRoutesSource } from './routes-file.js';

const source = `import type { FastifyInstance } from 'fastify';
import {
  Counter,
} from './views/counter.js';

/** The app's live routes. */
export function routes(app: FastifyInstance): void {
  app.live('/', Counter);
}
`;

describe('wireRoutesSource', () => {
  it('adds the import in sorted order and the route at the end of routes()', () => {
    const wired = wireRoutesSource(source, {
      imports: ["import { Clock } from './views/clock.js';"],
      statements: ["app.live('/clock', Clock);"],
    });
    expect(wired).toBe(`import type { FastifyInstance } from 'fastify';
import { Clock } from './views/clock.js';
import {
  Counter,
} from './views/counter.js';

/** The app's live routes. */
export function routes(app: FastifyInstance): void {
  app.live('/', Counter);
  app.live('/clock', Clock);
}
`);
  });

  it('puts an import after the last one when every import sorts before it', () => {
    const wired = wireRoutesSource(source, {
      imports: ["import { Zebra } from './views/zebra.js';"],
      statements: [],
    });
    expect(wired).toContain(
      "} from './views/counter.js';\nimport { Zebra } from './views/zebra.js';\n",
    );
  });

  it('adds nothing twice', () => {
    const wiring = {
      imports: ["import { Clock } from './views/clock.js';"],
      statements: ["app.live('/clock', Clock);"],
    };
    const once = wireRoutesSource(source, wiring) as string;
    expect(wireRoutesSource(once, wiring)).toBe(once);
  });

  it('gives up on a file without a routes function', () => {
    expect(wireRoutesSource('export const routes = [];\n', { imports: [], statements: [] })).toBe(
      null,
    );
  });
});
