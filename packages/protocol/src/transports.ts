/**
 * The transports a session can travel over, in the order the browser runtime tries them:
 * a WebSocket, an event stream with POSTs back (`sse`), long-polling with POSTs back.
 */
export type TransportName = 'websocket' | 'sse' | 'longpoll';
