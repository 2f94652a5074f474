import { PROTOCOL_VERSION } from '@kinetic/protocol';
import type { Transport, TransportFactory } from './transport.js';

/** The primary transport: one WebSocket at `${livePath}/websocket`. */
export const webSocketTransport: TransportFactory = (livePath) => {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${location.host}${livePath}/websocket?vsn=${PROTOCOL_VERSION}`;
  let socket: WebSocket | undefined;
  const transport: Transport = {
    onopen() {},
    onmessage() {},
    onclose() {},
    open() {
      const ws = new WebSocket(url);
      socket = ws;
      ws.onopen = () => transport.onopen();
      ws.onmessage = (e) => {
        if (typeof e.data === 'string') transport.onmessage(e.data);
      };
      // An error is always followed by close, so close alone reports the loss.
      ws.onclose = (e) => {
        if (socket !== ws) return;
        socket = undefined;
        transport.onclose(e.reason || `closed with code ${e.code}`);
      };
    },
    send(frame) {
      socket?.send(frame);
    },
    close() {
      const ws = socket;
      socket = undefined;
      ws?.close();
    },
  };
  return transport;
};
