import { type Channel, KineticError, type LiveRuntime } from '@kinetic/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { attachRequest, refusal, refusalStatus, versionError } from './attach.js';

/**
 * Long-polling, the last resort: each GET attaches the session until there is something to
 * send (or `holdMs` passes), then answers with every message since the client's ack as a
 * JSON array, the hello first. The session's outbox is the buffer between polls. The first
 * poll of a (re)connection carries `hello=1` and is answered at once.
 */
export function poll(
  runtime: LiveRuntime,
  request: FastifyRequest,
  reply: FastifyReply,
  holdMs: number,
): Promise<void> {
  const wrongVersion = versionError(request);
  if (wrongVersion) {
    void reply.code(400).send(refusal(wrongVersion));
    return Promise.resolve();
  }
  return new Promise<void>((resolve) => {
    const messages: string[] = [];
    let done = false;
    let flushing: NodeJS.Immediate | undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (flushing) clearImmediate(flushing);
      session?.detach(channel);
      void reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(`[${messages.join(',')}]`)
        .then(
          () => resolve(),
          () => resolve(),
        );
    };
    const channel: Channel = {
      send: (message) => {
        if (done) return;
        messages.push(message);
        // The hello alone waits; anything after it goes out once this tick's frames are in.
        if (messages.length > 1) flushing ??= setImmediate(finish);
      },
      close: () => finish(),
    };
    let session: ReturnType<LiveRuntime['sessions']['attach']> | undefined;
    try {
      session = runtime.sessions.attach(channel, attachRequest(request));
    } catch (error) {
      done = true;
      const e =
        error instanceof KineticError ? error : new KineticError('KN_ERR_CAPACITY', String(error));
      void reply
        .code(refusalStatus(e))
        .send(refusal(e))
        .then(
          () => resolve(),
          () => resolve(),
        );
      return;
    }
    // A new session, or a client (re)connecting (`hello=1`), is answered at once: it needs
    // the hello to join its views or to know which requests to send again.
    const hello = (request.query as { hello?: string }).hello === '1';
    if (
      !done &&
      messages.length > 0 &&
      (hello || (JSON.parse(messages[0] as string) as unknown[])[2] === 0)
    ) {
      flushing ??= setImmediate(finish);
    }
    timer = setTimeout(finish, holdMs);
    request.raw.on('close', () => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        session?.detach(channel);
        resolve();
      }
    });
  });
}
