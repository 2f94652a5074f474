/**
 * `@kinetic/testing/wire`: the live protocol spoken from Node, for tests of the server and
 * benchmarks: a session over WebSocket, SSE or long-poll that resumes as the browser does.
 * App authors want `live()` instead.
 * @example
 * const page = await loadPage(base, '/counter');
 * const client = new LiveClient(base, 'sse', page.cookie);
 * await client.connect();
 * await client.join(page, 1, '/counter');
 * await client.event(1, 'inc');
 * const [, , resumed] = await client.reconnect(); // 1: the same session
 */

/** The transports: websocket, sse, longpoll. */
export type { TransportName } from '@kinetic/protocol';
/** A live session from Node, and the page it joins. */
export type { Frame, LiveClientOptions, LivePage, Request } from './wire/live-client.js';
export { LiveClient, loadPage } from './wire/live-client.js';
