#!/usr/bin/env node
// `npm create kinetic@latest my-app` runs this: the same generator as `kinetic new`.
import { main, newCommand } from 'kinetic';

await main(process.argv.slice(2), newCommand('create-kinetic'));
