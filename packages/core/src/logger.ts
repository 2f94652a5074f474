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
