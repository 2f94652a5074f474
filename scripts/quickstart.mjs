// `npm start`: installs what is missing, builds, and starts the counter example.
import { join } from 'node:path';
import { build, install, root, runServer } from './toolchain.mjs';

install();
build();
// The server runs as this process's only child (not pnpm → tsx → node): Ctrl-C and SIGTERM
// reach it, and it cannot outlive `npm start`.
runServer(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  cwd: join(root, 'examples', 'counter'),
});
