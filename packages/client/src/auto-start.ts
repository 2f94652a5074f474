/**
 * Entry of the prebuilt kinetic.min.js: a page that includes it is live with no code of
 * its own. `<meta name="kinetic-autoconnect" content="false">` leaves starting to the page.
 */
import { type ConnectOptions, connect, type KineticSocket } from './index.js';

interface KineticGlobal {
  connect(options?: ConnectOptions): KineticSocket;
  /** The running connection, once started. */
  socket: KineticSocket | undefined;
}

declare global {
  interface Window {
    Kinetic?: KineticGlobal;
  }
}

const kinetic: KineticGlobal = {
  connect(options) {
    kinetic.socket?.disconnect();
    kinetic.socket = connect(options);
    return kinetic.socket;
  },
  socket: undefined,
};
window.Kinetic = kinetic;

const start = () => {
  const auto = document.querySelector('meta[name="kinetic-autoconnect"]');
  if (auto?.getAttribute('content') !== 'false') kinetic.connect();
};
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
