import { logging } from '@kinetic/observability';
import { serve } from '@kinetic/transport';
import { buildApp } from './app.js';

// Listens on PORT and HOST (else 3000 and 127.0.0.1). On Ctrl-C or SIGTERM open pages are
// told to reconnect, then the server stops, within a deadline whatever the sockets do.
await serve(buildApp({ logger: logging() }), { name: 'Kinetic chat' });
