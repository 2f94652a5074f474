import { AddressLimits } from './address-limits.js';
import { atCapacity, joinTimeout, sessionTakeover, shuttingDown } from './errors.js';
import { fireHooks, type RegistryStats, reportError } from './hooks.js';
import { LiveSession, type SessionHooks } from './session.js';
import type { AttachRequest, SessionContext } from './session-context.js';
import type { Channel } from './session-output.js';
import { safeEqual } from './token.js';

/** The caps and timers of a registry, resolved. */
export interface RegistryLimits {
  /** How long a session outlives its transport, so a reconnect resumes it. */
  readonly graceMs: number;
  readonly maxSessions: number;
  readonly maxPendingSessions: number;
  /** How long a new session may wait for its first join before it is closed. */
  readonly joinTimeoutMs: number;
  readonly maxConnections: number;
  readonly maxConnectionsPerIp: number;
  readonly newSessionsPerIp: number;
  readonly newSessionBurst: number;
}

/**
 * Every live session of this process: opens and resumes them, keeps a detached one for
 * its grace period, enforces the caps (sessions, connections, per address), and shuts them
 * all down. A session no view has joined yet is pending: it does not count against
 * maxSessions, and it is closed unless a view joins within joinTimeoutMs, so opening
 * sessions without a valid token costs an attacker more than it costs the server.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, LiveSession>();
  private readonly grace = new Map<LiveSession, NodeJS.Timeout>();
  private readonly pending = new Map<LiveSession, NodeJS.Timeout>();
  private readonly addresses: AddressLimits;
  private attachedCount = 0;
  private accepting = true;
  /** What every session tells this registry: one object for all, not closures per session. */
  private readonly sessionHooks: SessionHooks = {
    detached: (s) => this.detached(s),
    slotReleased: () => {
      this.attachedCount--;
    },
    closed: (s, wasAttached) => this.closed(s, wasAttached),
    joined: (s) => this.joined(s),
    addressIn: (ip) => this.addresses.connected(ip),
    addressOut: (ip) => this.addresses.disconnected(ip),
  };

  constructor(
    private readonly limits: RegistryLimits,
    /** What every session it opens gets of the runtime; the registry only passes it on. */
    private readonly sessionContext: SessionContext,
  ) {
    this.addresses = new AddressLimits(limits);
  }

  /** Sessions held, attached or in their grace period, joined or pending. */
  get size(): number {
    return this.sessions.size;
  }

  /** Sessions no view has joined yet. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Sessions with a transport attached. */
  get connections(): number {
    return this.attachedCount;
  }

  /**
   * Why an attach from `ip` would be refused right now (per-address caps, shutdown), or
   * undefined. Transports ask before a WebSocket upgrade, so a refusal is a plain HTTP 429.
   */
  refusal(ip: string | undefined, resumes: boolean) {
    if (!this.accepting) return shuttingDown();
    return this.addresses.refusal(ip, !resumes);
  }

  /**
   * Attaches a transport: resumes the session it names when that session is alive here and
   * the client proves it holds it (its key, and the browser's CSRF cookie), else opens a new
   * one. Throws when at capacity, over a per-address cap, or shutting down.
   */
  attach(channel: Channel, request: AttachRequest): LiveSession {
    if (!this.accepting) throw shuttingDown();
    const existing = this.find(request.sid, request.key, request.csrfCookie);
    if (existing === undefined && request.sid !== undefined && this.sessions.has(request.sid)) {
      // Somebody named a live session without proving they hold it: they get a new one.
      reportError(this.hookSet, sessionTakeover(), { ip: request.ip }, this.sessionContext.log);
    }
    if (existing !== undefined) {
      if (!existing.holdsSlot) this.admitConnection(request.ip);
      clearTimeout(this.grace.get(existing));
      this.grace.delete(existing);
      existing.attach(channel, request, true);
      return existing;
    }
    const joined = this.sessions.size - this.pending.size;
    if (joined >= this.limits.maxSessions) throw atCapacity('sessions', this.limits.maxSessions);
    if (this.pending.size >= this.limits.maxPendingSessions)
      throw atCapacity('sessions', this.limits.maxPendingSessions);
    // A refusal for capacity must not spend the address's budget of new sessions.
    if (this.attachedCount >= this.limits.maxConnections)
      throw atCapacity('connections', this.limits.maxConnections);
    const refused = this.addresses.refusal(request.ip, false) ?? this.addresses.open(request.ip);
    if (refused !== undefined) throw refused;
    this.admitConnection(request.ip);
    const session = new LiveSession(this.sessionContext, request.csrfCookie, this.sessionHooks, {
      transport: request.transport,
      requestId: request.requestId,
    });
    this.sessions.set(session.sid, session);
    const timer = setTimeout(() => {
      const error = joinTimeout(this.limits.joinTimeoutMs);
      reportError(
        this.hookSet,
        error,
        { session: session.info, ip: request.ip },
        this.sessionContext.log,
      );
      void session.close('error', 1008, error.code);
    }, this.limits.joinTimeoutMs);
    timer.unref?.();
    this.pending.set(session, timer);
    session.attach(channel, request, false);
    return session;
  }

  /**
   * The session `sid` if it lives here and the client proves it holds it: the session's
   * current key, and the CSRF cookie of the browser that opened it.
   */
  find(
    sid: string | undefined,
    key: string | undefined,
    csrfCookie: string | undefined,
  ): LiveSession | undefined {
    if (sid === undefined || key === undefined) return undefined;
    const session = this.sessions.get(sid);
    if (session === undefined || session.isClosed || !safeEqual(session.key, key)) return undefined;
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
    // Readiness checks turn false first, so load balancers stop sending new users.
    await fireHooks(
      this.hookSet,
      'onShutdown',
      { sessions: sessions.length, deadlineMs },
      this.sessionContext.log,
    );
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
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }

  /** Whether shutdown has begun: no new live connections are accepted. */
  get draining(): boolean {
    return !this.accepting;
  }

  /** What the sessions hold right now, for metrics (read at each scrape, not kept up to date). */
  stats(): RegistryStats {
    const connections: Record<string, number> = {};
    const views = new Map<string, Record<string, number>>();
    let messages = 0;
    let bytes = 0;
    let attached = 0;
    let detached = 0;
    for (const session of this.sessions.values()) {
      const transport = session.info.transport ?? 'unknown';
      if (session.holdsSlot) connections[transport] = (connections[transport] ?? 0) + 1;
      // Each session in one state: pending until a view joins, then attached or detached.
      if (!this.pending.has(session)) {
        if (session.holdsSlot) attached++;
        else detached++;
      }
      const backlog = session.backlog;
      messages += backlog.messages;
      bytes += backlog.bytes;
      for (const name of session.viewNames()) {
        let byTransport = views.get(name);
        if (byTransport === undefined) {
          byTransport = {};
          views.set(name, byTransport);
        }
        byTransport[transport] = (byTransport[transport] ?? 0) + 1;
      }
    }
    return {
      sessions: this.sessions.size,
      pending: this.pending.size,
      attached,
      detached,
      connections,
      views,
      outbox: { messages, bytes },
      draining: !this.accepting,
    };
  }

  private get hookSet() {
    return this.sessionContext.hooks.app;
  }

  private admitConnection(ip: string | undefined): void {
    if (this.attachedCount >= this.limits.maxConnections)
      throw atCapacity('connections', this.limits.maxConnections);
    const refused = this.addresses.refusal(ip, false);
    if (refused !== undefined) throw refused;
    this.attachedCount++;
  }

  private joined(session: LiveSession): void {
    clearTimeout(this.pending.get(session));
    this.pending.delete(session);
  }

  private detached(session: LiveSession): void {
    if (!session.holdsSlot) this.attachedCount--;
    const timer = setTimeout(() => {
      this.grace.delete(session);
      void session.close('disconnect');
    }, this.limits.graceMs);
    timer.unref?.();
    this.grace.set(session, timer);
  }

  private closed(session: LiveSession, wasAttached: boolean): void {
    if (wasAttached) this.attachedCount--;
    this.sessions.delete(session.sid);
    clearTimeout(this.grace.get(session));
    this.grace.delete(session);
    clearTimeout(this.pending.get(session));
    this.pending.delete(session);
  }
}
