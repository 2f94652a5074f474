// biome-ignore-all assist/source/organizeImports: the public API is grouped by topic, not sorted
// Starting a test.
/** Mounts a view in this process: real lifecycle, virtual clock, DOM kept from wire patches. */
export { mount, mountComponent } from './mount.js';
export type { MountOptions } from './mount.js';
/** Drives a live route of a real Fastify app over HTTP and a WebSocket, SSE or long-poll. */
export { live } from './live.js';
export type { AppSource } from './app-server.js';
export type { LiveOptions } from './live.js';
export type { Reconnected, ReconnectOptions } from './driver.js';
export type { TransportName } from '@kinetic/protocol';
/** Renders a function component to queryable HTML. */
export { RenderedComponent, renderComponent } from './render-component.js';

// What a test holds.
/** A view under test: queries, interactions, and what the view did. */
export { TestView } from './test-view.js';
export type { WaitForOptions } from './test-view.js';
/** Queries shared by views and components: html, text, has, count, attr. */
export type { DomQueries, HasOptions } from './queries.js';
/** Values a test types into forms and fields. */
export type { FieldValue } from './bindings.js';
export type { FormValues } from './form.js';
/** Events a view pushed to hooks, and where it sent the browser. */
export type { Goto, PushedEvent } from './client-state.js';

// Errors.
/** The error catalog, and the error a live() test gets for a view's failure. */
export { KineticTestError, ViewError } from './errors.js';
export type { TestErrorCode } from './errors.js';
