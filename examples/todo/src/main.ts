import { serve } from '@kinetic/transport';
import { buildApp } from './app.js';

// Listens on PORT and HOST (else 3000 and 127.0.0.1).
await serve(buildApp(), { name: 'Kinetic todos' });
