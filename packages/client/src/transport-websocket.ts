import { liveUrl, type Transport, type TransportFactory } from './transport.js';

/** The primary transport: one WebSocket at `{livePath}/websocket`. */
export const webSocketTransport: TransportFactory = (livePath, session) => {
  let socket: WebSocket | undefined;
  const transport: Transport = {
    onmessage() {},
    onclose() {},
    open() {
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      const ws = new WebSocket(
        `${scheme}://${location.host}${liveUrl(livePath, 'websocket', session, { withKey: true })}`,
      );
      socket = ws;
      ws.onmessage = (e) => {
        if (socket === ws && typeof e.data === 'string') transport.onmessage(e.data);
      };
      // An error is always followed by close, so close alone reports the loss.
      ws.onclose = (e) => {
        if (socket !== ws) return;
        socket = undefined;
        transport.onclose(e.reason || `closed with code ${e.code}`);
      };
    },
    send(message) {
      socket?.send(message);
    },
    close() {
      const ws = socket;
      socket = undefined;
      ws?.close();
    },
  };
  return transport;
};
