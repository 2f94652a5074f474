import type { FastifyInstance } from 'fastify';

/** Starts an app on 127.0.0.1 with a free port; returns its base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string')
    throw new Error('the app has no TCP address');
  return `http://127.0.0.1:${address.port}`;
}
