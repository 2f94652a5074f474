/** The logging the runtime needs; a Fastify (pino) logger fits. */
export interface Logger {
  error(object: object, message: string): void;
  warn(object: object, message: string): void;
  info(object: object, message: string): void;
  /**
   * A logger that adds `bindings` to every record (pino's child loggers): the runtime binds
   * a session's log id, a view's name. Loggers without it get the fields on each record.
   */
  child?(bindings: Record<string, unknown>): Logger;
}

/** A console logger with `bindings` on every record. */
function consoleWith(bindings: Record<string, unknown>): Logger {
  const merged = (object: object) => ({ ...bindings, ...object });
  return {
    error: (object, message) => console.error(`[kinetic] ${message}`, merged(object)),
    warn: (object, message) => console.warn(`[kinetic] ${message}`, merged(object)),
    info: (object, message) => console.info(`[kinetic] ${message}`, merged(object)),
    child: (more) => consoleWith({ ...bindings, ...more }),
  };
}

/** Logs to the console; used when no logger is given. */
export const consoleLogger: Logger = consoleWith({});

/**
 * `log` with `bindings` on every record. The child logger is made at the first record, so
 * binding costs nothing on the paths that log nothing (most HTTP renders, most sessions),
 * and one small object per session or view: its methods live on the prototype.
 */
export function bindLogger(log: Logger, bindings: Record<string, unknown>): Logger {
  return new BoundLogger(log, bindings);
}

class BoundLogger implements Logger {
  private bound: Logger | undefined;

  constructor(
    private readonly log: Logger,
    private readonly bindings: Record<string, unknown>,
  ) {}

  error(object: object, message: string): void {
    this.target().error(object, message);
  }

  warn(object: object, message: string): void {
    this.target().warn(object, message);
  }

  info(object: object, message: string): void {
    this.target().info(object, message);
  }

  child(more: Record<string, unknown>): Logger {
    return new BoundLogger(this.log, { ...this.bindings, ...more });
  }

  private target(): Logger {
    this.bound ??= this.log.child?.(this.bindings) ?? mergingLogger(this.log, this.bindings);
    return this.bound;
  }
}

/** A logger without child(): the fields go on each record. */
function mergingLogger(log: Logger, bindings: Record<string, unknown>): Logger {
  const merged = (object: object) => ({ ...bindings, ...object });
  return {
    error: (object, message) => log.error(merged(object), message),
    warn: (object, message) => log.warn(merged(object), message),
    info: (object, message) => log.info(merged(object), message),
  };
}
