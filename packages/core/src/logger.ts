/** The logging the runtime needs; a Fastify (pino) logger fits. */
export interface Logger {
  error(object: object, message: string): void;
  warn(object: object, message: string): void;
  info(object: object, message: string): void;
}

/** Logs to the console; used when no logger is given. */
export const consoleLogger: Logger = {
  error: (object, message) => console.error(`[kinetic] ${message}`, object),
  warn: (object, message) => console.warn(`[kinetic] ${message}`, object),
  info: (object, message) => console.info(`[kinetic] ${message}`, object),
};
