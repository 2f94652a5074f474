/** The Fastify plugin and its options. */
export { kinetic } from './plugin.js';
export type { KineticOptions, LiveRouteOptions } from './plugin.js';
/** Root layouts. */
export { defaultLayout } from './layout.js';
export type { Layout, LayoutContext } from './layout.js';
/** The error catalog. */
export { TransportError } from './errors.js';
export type { TransportErrorCode } from './errors.js';
