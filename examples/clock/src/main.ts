import { buildApp } from './app.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const app = await buildApp({ logger: { level: process.env.LOG_LEVEL ?? 'info' } }).catch(
  (error: unknown) => {
    // A configuration error (such as a missing KINETIC_SECRET): its message, not a stack.
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
await app.listen({ port, host });
console.log(`Kinetic clock: http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
