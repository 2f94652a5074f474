import diagnostics from 'node:diagnostics_channel';
import { definePlugin, type Logger, type RefuseHookContext } from '@kinetic/core';
import type { FastifyKineticPlugin, KineticPluginApp } from '@kinetic/transport';

/** The diagnostics channel every audit record is published on, whatever the options. */
export const AUDIT_CHANNEL = 'kinetic.audit';

/**
 * One security-relevant event. Never a session id, a resume key or a token: `session` is
 * the session's log id, which the logs and traces use too and which resumes nothing.
 */
export interface AuditRecord {
  /** When it happened, ISO 8601 (UTC). */
  readonly time: string;
  /** `refused`: the runtime turned a client away on purpose. `shutdown`: a graceful shutdown began. */
  readonly event: 'refused' | 'shutdown';
  /** Why, as a stable code: KN_ERR_ORIGIN, KN_ERR_CSRF, …; KN_ERR_SHUTTING_DOWN for a shutdown. */
  readonly code: string;
  /** What the client was told, or what the shutdown is about to do. */
  readonly reason: string;
  /** The client's address (Fastify's request.ip, which honours trustProxy), when there is a client. */
  readonly ip?: string;
  /** The view concerned, when the runtime knows it. */
  readonly view?: string;
  /** The session's log id, when the refusal came on a live session. */
  readonly session?: string;
  /** For a shutdown: the sessions being drained. */
  readonly sessions?: number;
  /** For a shutdown: how long it may take before sessions are cut. */
  readonly deadlineMs?: number;
}

export interface AuditOptions {
  /**
   * Where the records go besides the diagnostics channel: a pino-like logger (its records
   * are logged as they are, `logger: 'kinetic.audit'` is not added), or a function given
   * each record (a file, a SIEM, a queue). Default: the app's logger, as a child bound
   * `{ logger: 'kinetic.audit' }`.
   */
  readonly logger?: Logger | ((record: AuditRecord) => void);
}

/**
 * Security-relevant events as structured records: every refusal the runtime makes on
 * purpose (onRefuse: a foreign origin, a failed CSRF check, a bad or expired token, rate
 * limits, oversize frames, caps, takeover attempts, unsafe navigation, refusals by hooks)
 * and the start of a graceful shutdown (onShutdown).
 * @example
 * await app.register(kinetic, { secret, plugins: [audit()] });
 * // or to a file of its own:
 * audit({ logger: pino(pino.destination('/var/log/app/audit.log')) })
 */
export function audit(options: AuditOptions = {}): FastifyKineticPlugin {
  return definePlugin<KineticPluginApp>('kinetic-audit', (app) => {
    const channel = diagnostics.channel(AUDIT_CHANNEL);
    const write = sink(options.logger ?? app.fastify.log.child({ logger: AUDIT_CHANNEL }));
    const record = (entry: AuditRecord) => {
      if (channel.hasSubscribers) channel.publish(entry);
      write(entry);
    };

    app.addHook('onRefuse', (ctx) => record(refusal(ctx)));
    app.addHook('onShutdown', (ctx) =>
      record({
        time: new Date().toISOString(),
        event: 'shutdown',
        code: 'KN_ERR_SHUTTING_DOWN',
        reason: `graceful shutdown began: draining ${ctx.sessions} live session${ctx.sessions === 1 ? '' : 's'}, cut after ${ctx.deadlineMs} ms`,
        sessions: ctx.sessions,
        deadlineMs: ctx.deadlineMs,
      }),
    );
  });
}

function refusal(ctx: RefuseHookContext): AuditRecord {
  return {
    time: new Date().toISOString(),
    event: 'refused',
    code: ctx.code,
    reason: ctx.message,
    // Only what is known: a record's keys say what the runtime could tell.
    ...(ctx.ip === undefined ? {} : { ip: ctx.ip }),
    ...(ctx.view === undefined ? {} : { view: ctx.view }),
    ...(ctx.session === undefined ? {} : { session: ctx.session.id }),
  };
}

/** Writes a record to a function as it is, or to a logger: refusals as warnings. */
function sink(target: Logger | ((record: AuditRecord) => void)): (record: AuditRecord) => void {
  if (typeof target === 'function') return target;
  return (record) => {
    // pino writes its own `time` first; a second one would make the line's JSON ambiguous.
    const { time: _time, ...fields } = record;
    if (record.event === 'refused') target.warn(fields, record.reason);
    else target.info(fields, record.reason);
  };
}
