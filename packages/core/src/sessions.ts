import { atCapacity, shuttingDown } from './errors.js';
import type { LiveRuntime, RuntimeLimits } from './runtime.js';
import { LiveSession } from './session.js';
import type { Channel } from './session-output.js';
import { safeEqual } from './token.js';

/** How a transport attaches: the session it asks to resume, and what the client has seen. */
export interface AttachRequest {
  readonly sid: string | undefined;
  readonly ack: number;
  readonly csrfCookie: string | undefined;
}

/**
 * Every live session of this process: opens and resumes them, keeps a detached one for
 * its grace period, enforces the session and connection caps, and shuts them all down.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, LiveSession>();
  private readonly grace = new Map<LiveSession, NodeJS.Timeout>();
  private attachedCount = 0;
  private accepting = true;

  constructor(
    private readonly runtime: LiveRuntime,
    private readonly limits: RuntimeLimits,
  ) {}

  /** Sessions held, attached or in their grace period. */
  get size(): number {
    return this.sessions.size;
  }

  /** Sessions with a transport attached. */
  get connections(): number {
    return this.attachedCount;
  }

  /**
   * Attaches a transport: resumes the session it names when that session is alive here and
   * belongs to the same browser (CSRF cookie), else opens a new one. Throws when at capacity
   * or shutting down.
   */
  attach(channel: Channel, request: AttachRequest): LiveSession {
    if (!this.accepting) throw shuttingDown();
    const existing = this.find(request.sid, request.csrfCookie);
    if (existing !== undefined) {
      if (!existing.attached) {
        if (this.attachedCount >= this.limits.maxConnections)
          throw atCapacity('connections', this.limits.maxConnections);
        this.attachedCount++;
      }
      clearTimeout(this.grace.get(existing));
      this.grace.delete(existing);
      existing.attach(channel, request.ack, true);
      return existing;
    }
    if (this.sessions.size >= this.limits.maxSessions)
      throw atCapacity('sessions', this.limits.maxSessions);
    if (this.attachedCount >= this.limits.maxConnections)
      throw atCapacity('connections', this.limits.maxConnections);
    const session = new LiveSession(
      this.runtime,
      request.csrfCookie,
      (s) => this.detached(s),
      (s) => this.closed(s),
    );
    this.sessions.set(session.sid, session);
    this.attachedCount++;
    session.attach(channel, 0, false);
    return session;
  }

  /** The session `sid` if it lives here and belongs to the browser holding `csrfCookie`. */
  find(sid: string | undefined, csrfCookie: string | undefined): LiveSession | undefined {
    if (sid === undefined) return undefined;
    const session = this.sessions.get(sid);
    if (session === undefined || session.isClosed) return undefined;
    const owner = session.csrfCookie;
    if (owner !== undefined && (csrfCookie === undefined || !safeEqual(owner, csrfCookie)))
      return undefined;
    return session;
  }

  /**
   * Graceful shutdown: accept nothing new, wait for in-flight steps, tell every client to
   * reconnect after `afterMs`, end every session. Resolves by `deadlineMs` at the latest.
   */
  async shutdown(afterMs: number, deadlineMs: number): Promise<void> {
    this.accepting = false;
    const sessions = [...this.sessions.values()];
    const drained = Promise.allSettled(sessions.map((s) => s.drain()));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, deadlineMs);
    });
    await Promise.race([drained, deadline]);
    for (const session of sessions) session.announceShutdown(afterMs);
    await Promise.race([
      Promise.allSettled(sessions.map((s) => s.close('shutdown', 1001, 'shutdown'))),
      deadline,
    ]);
    clearTimeout(timer);
    for (const t of this.grace.values()) clearTimeout(t);
    this.grace.clear();
  }

  private detached(session: LiveSession): void {
    this.attachedCount--;
    const timer = setTimeout(() => {
      this.grace.delete(session);
      void session.close('disconnect');
    }, this.limits.graceMs);
    timer.unref?.();
    this.grace.set(session, timer);
  }

  private closed(session: LiveSession): void {
    if (session.attached) this.attachedCount--;
    this.sessions.delete(session.sid);
    clearTimeout(this.grace.get(session));
    this.grace.delete(session);
  }
}
