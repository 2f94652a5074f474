// `npm start`: installs what is missing, builds, and starts the counter example.
import { build, install, pnpmRun } from './toolchain.mjs';

install();
build();
pnpmRun(['--filter', '@kinetic/example-counter', 'start']);
