/**
 * `node --import @kinetic/jsx/register script.tsx` (or after `--import tsx`): compiles Kinetic
 * JSX in the modules Node loads. Importing this module is the registration; nothing else does
 * it. Source maps are turned on for stack traces, so errors name .tsx lines (as `tsx` does).
 */
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('./node-hooks.js', import.meta.url);
