import type { Channel, LiveRuntime, LiveSession } from '@kinetic/core/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { attachSession, Refusal } from './attach.js';

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
  gapMs: number,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const messages: string[] = [];
    let done = false;
    let flushing: NodeJS.Immediate | undefined;
    let timer: NodeJS.Timeout | undefined;
    let session: LiveSession | undefined;
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
      // The next poll follows the answer at once: the slot waits for it.
      ...(gapMs > 0 ? { slotHoldMs: gapMs } : {}),
    };
    const attached = attachSession(runtime, channel, request, 'longpoll');
    if (attached instanceof Refusal) {
      done = true;
      void reply
        .code(attached.status)
        .send(attached.body)
        .then(
          () => resolve(),
          () => resolve(),
        );
      return;
    }
    session = attached;
    // A new session, or a client (re)connecting (`hello=1`), is answered at once: it needs
    // the hello to join its views or to know which requests to send again.
    const resumedAs = (request.query as { sid?: string }).sid;
    const hello = (request.query as { hello?: string }).hello === '1';
    if (!done && (hello || resumedAs !== session.sid)) flushing ??= setImmediate(finish);
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
