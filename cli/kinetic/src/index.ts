// The `kinetic` package's programmatic API: what the `kinetic` bin and `create-kinetic` run.

export type { BuildOptions } from './build/build.js';
export { build } from './build/build.js';
export type { StartOptions } from './build/start.js';
export { start } from './build/start.js';
/** Runs the command line with the given arguments (without `node` and the script). */
export { main, newCommand, program } from './cli.js';
/** Project creation: settle the choices, then write the project. */
export { createProject, planProject } from './create/create.js';
export type { NewFlags, NewProject } from './create/options.js';
export { resolveNewProject } from './create/options.js';
/** The dev server, the production build, and serving it. */
export type { DevOptions, DevServer } from './dev/dev-server.js';
export { startDevServer } from './dev/dev-server.js';
/** The error catalog. */
export type { CliErrorCode } from './errors.js';
export { CliError } from './errors.js';
/** Code generators. */
export type { GenerateOptions, Generator } from './generate/generate.js';
export { generate, planGenerate } from './generate/generate.js';
