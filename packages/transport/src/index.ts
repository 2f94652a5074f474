/** The Fastify plugin and its options. */

export type { CspOptions } from './csp.js';
export type { TransportErrorCode } from './errors.js';
/** The error catalog. */
export { TransportError } from './errors.js';
export type { Layout, LayoutContext } from './layout.js';
/** Root layouts. */
export { defaultLayout } from './layout.js';
export type { KineticOptions, LiveRouteOptions } from './plugin.js';
export { kinetic } from './plugin.js';
/** Kinetic plugins in a Fastify app: hooks, scoped by Fastify context (docs/plugins.md). */
export type { FastifyKineticPlugin, KineticPluginApp } from './plugins.js';
export type { SecurityHeadersOptions } from './security-headers.js';
export type { ServeOptions } from './serve.js';
/** Runs an app as a server process: listens, and stops on Ctrl-C/SIGTERM within a deadline. */
export { serve } from './serve.js';
