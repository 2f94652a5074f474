import { logging } from '@kinetic/observability';
import { serve } from '@kinetic/transport';
import { buildApp } from './app.js';

// Listens on PORT and HOST (else 3000 and 127.0.0.1). On Ctrl-C or SIGTERM open pages are
// told to reconnect, then the server stops, within a deadline whatever the sockets do.
// Logs are JSON lines in production and readable ones in a terminal (LOG_LEVEL sets the level).
// JSX=1 serves the view's JSX twin instead of the html one.
const jsx = process.env.JSX === '1';
await serve(buildApp({ logger: logging() }, { jsx }), {
  name: 'Kinetic counter',
});
