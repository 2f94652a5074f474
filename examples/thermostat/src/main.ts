import { serve } from '@kinetic/transport';
import { buildApp } from './app.js';

// Listens on PORT and HOST (else 3000 and 127.0.0.1). On Ctrl-C or SIGTERM open pages are
// told to reconnect, then the server stops, within a deadline whatever the sockets do.
// JSX=1 serves the view's JSX twin instead of the html one.
const jsx = process.env.JSX === '1';
await serve(buildApp({ logger: { level: process.env.LOG_LEVEL ?? 'info' } }, { jsx }), {
  name: 'Kinetic thermostat',
});
