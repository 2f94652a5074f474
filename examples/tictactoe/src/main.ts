import { serve } from '@kinetic/transport';
import { buildApp } from './app.js';

// Listens on PORT and HOST (else 3000 and 127.0.0.1). Open the page in two browsers (or a
// private window) to play; a third watches.
await serve(buildApp(), { name: 'Kinetic tic-tac-toe' });
