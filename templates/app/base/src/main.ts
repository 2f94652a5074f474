import { buildApp } from './app.js';

// `kinetic dev` and `kinetic start` set PORT and HOST; these defaults serve plain `node`.
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

const app = await buildApp({ logger: { level: process.env.LOG_LEVEL ?? 'info' } });
await app.listen({ port, host });

// Closing tells connected browsers to reconnect, so a restart loses no open page.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
