/**
 * The error catalog of the `kinetic` package (the CLI and `kinetic/server`). Codes are stable:
 * tests match on them. A message says what happened, what is at fault, and what to do.
 */
export type CliErrorCode =
  | 'KN_ERR_CLI_BAD_NAME'
  | 'KN_ERR_CLI_BAD_OPTION'
  | 'KN_ERR_CLI_DEV_RUNNING'
  | 'KN_ERR_CLI_NO_TYPESCRIPT'
  | 'KN_ERR_CLI_DIR_NOT_EMPTY'
  | 'KN_ERR_CLI_FILE_EXISTS'
  | 'KN_ERR_CLI_UNKNOWN_TEMPLATE'
  | 'KN_ERR_CLI_NOT_AN_APP'
  | 'KN_ERR_CLI_ROUTES_FILE'
  | 'KN_ERR_CLI_BAD_FIELD'
  | 'KN_ERR_CLI_LOCAL_PACKAGES'
  | 'KN_ERR_CLI_COMMAND_FAILED'
  | 'KN_ERR_CLI_BUILD_FAILED'
  | 'KN_ERR_CLI_TYPE_ERRORS'
  | 'KN_ERR_CLI_NO_BUILD'
  | 'KN_ERR_CLI_APP_START'
  | 'KN_ERR_CLI_CANCELLED'
  | 'KN_ERR_ASSETS_MANIFEST';

/**
 * When each code happens and what to do about it: the source of docs/errors.md
 * (`pnpm docs:errors` regenerates it).
 */
export const CLI_ERRORS = {
  KN_ERR_CLI_BAD_NAME: {
    when: '`kinetic new` or `kinetic generate` gets a project, view or component name that is not valid (for a project: an npm package name; for code: a PascalCase identifier).',
    fix: 'Use a name like my-app for a project, UserCard for a view or component.',
  },
  KN_ERR_CLI_BAD_OPTION: {
    when: 'A command-line option has an invalid value: `kinetic new --pm` names an unknown package manager, `kinetic generate --path` is not a URL path, or `kinetic dev --port` is in use.',
    fix: 'Pass a value of the kind the message names; `kinetic <command> --help` lists the options.',
  },
  KN_ERR_CLI_DEV_RUNNING: {
    when: '`kinetic dev` starts for an app folder where another `kinetic dev` already runs.',
    fix: 'Use the running one, or stop it first: one dev server per app folder.',
  },
  KN_ERR_CLI_NO_TYPESCRIPT: {
    when: "`kinetic check` (or `kinetic build`'s type check) finds no TypeScript installed in the app.",
    fix: "Install the app's dependencies (npm install), or add it: npm install -D typescript.",
  },
  KN_ERR_CLI_DIR_NOT_EMPTY: {
    when: '`kinetic new` is asked to create a project in a folder that exists and is not empty.',
    fix: 'Choose another name, empty the folder, or pass --overwrite to replace its contents.',
  },
  KN_ERR_CLI_FILE_EXISTS: {
    when: '`kinetic generate` would overwrite files that exist.',
    fix: 'Pick another name, or pass --force to overwrite them.',
  },
  KN_ERR_CLI_UNKNOWN_TEMPLATE: {
    when: '`kinetic new --template` names a template that does not exist.',
    fix: 'Use one of the templates the message lists.',
  },
  KN_ERR_CLI_NOT_AN_APP: {
    when: 'A command that works on an app (dev, build, generate, check, routes) runs in a folder that is not a Kinetic app (no package.json or src/main.ts).',
    fix: 'Run it inside an app made by `kinetic new`, or pass --root with the app folder.',
  },
  KN_ERR_CLI_ROUTES_FILE: {
    when: "`kinetic generate` cannot find `export function routes(app…) {` in the app's routes file to wire the new route in. The files are written; the route is not.",
    fix: 'Add the lines the message shows to your routes yourself.',
  },
  KN_ERR_CLI_BAD_FIELD: {
    when: '`kinetic generate` gets a field that is not name:type with a known type.',
    fix: 'Write fields as name:type, e.g. title:string body:text price:number done:boolean.',
  },
  KN_ERR_CLI_LOCAL_PACKAGES: {
    when: '`kinetic new --local-packages` names a folder that does not hold the Kinetic package tarballs.',
    fix: 'Pass a folder of tarballs made by `pnpm pack` in each package of the Kinetic repository.',
  },
  KN_ERR_CLI_COMMAND_FAILED: {
    when: 'A command the CLI runs for you (the package manager install, git init) exits with an error.',
    fix: 'Read its output above the error, fix the cause, and run the command again.',
  },
  KN_ERR_CLI_BUILD_FAILED: {
    when: "`kinetic build` (or `kinetic routes`) cannot bundle the app: esbuild reports errors in its sources (printed above, with file and line), or @kinetic/client's browser runtime is missing.",
    fix: "Fix the errors it prints and build again; for a missing runtime, install the app's dependencies.",
  },
  KN_ERR_CLI_TYPE_ERRORS: {
    when: '`kinetic build` stops because the type check found errors.',
    fix: 'Fix them (`kinetic check` shows them again), or build anyway with --no-typecheck.',
  },
  KN_ERR_CLI_NO_BUILD: {
    when: '`kinetic start` finds no build (no manifest.json in the output folder).',
    fix: "Run `kinetic build` first, or pass --out with the build's folder.",
  },
  KN_ERR_CLI_APP_START: {
    when: "`kinetic dev` or `kinetic routes` starts the app's src/main.ts, and it exits (or prints nothing) before listening, or does not listen in time.",
    fix: 'Read the app output the message includes. src/main.ts must create the Fastify app and call listen().',
  },
  KN_ERR_CLI_CANCELLED: {
    when: "`kinetic new`'s questions were cancelled (Ctrl-C, or the input closed) before they were answered. Nothing was written.",
    fix: 'Run it again and answer the questions, or pass every answer as options (kinetic new my-app --template … --pm …) to skip them.',
  },
  KN_ERR_ASSETS_MANIFEST: {
    when: "The server (kinetic/server's assets) cannot read the build's manifest.json: it is missing or corrupt.",
    fix: 'Build again with `kinetic build`.',
  },
} as const satisfies Record<CliErrorCode, { when: string; fix: string }>;

export class CliError extends Error {
  readonly code: CliErrorCode;
  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.name = 'CliError';
    this.code = code;
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const badName = (kind: string, name: string, why: string) =>
  new CliError(
    'KN_ERR_CLI_BAD_NAME',
    `"${name}" is not a valid ${kind} name: ${why}. Example: ${kind === 'project' ? 'my-app' : 'UserCard'}.`,
  );

export const badOption = (option: string, value: string, expected: string) =>
  new CliError(
    'KN_ERR_CLI_BAD_OPTION',
    `${option} ${JSON.stringify(value)} is invalid: ${expected}.`,
  );

export const devRunning = (root: string, holder: string) =>
  new CliError(
    'KN_ERR_CLI_DEV_RUNNING',
    `kinetic dev already runs for the app in ${root} (${holder}). Open that one, or stop it first: one dev server per app folder.`,
  );

export const typescriptMissing = (root: string) =>
  new CliError(
    'KN_ERR_CLI_NO_TYPESCRIPT',
    `TypeScript is not installed in ${root}. Install the app's dependencies (npm install), or add it: npm install -D typescript.`,
  );

export const dirNotEmpty = (dir: string) =>
  new CliError(
    'KN_ERR_CLI_DIR_NOT_EMPTY',
    `the folder ${dir} is not empty. Choose another name, empty it, or pass --overwrite to replace its contents.`,
  );

export const fileExists = (files: readonly string[]) =>
  new CliError(
    'KN_ERR_CLI_FILE_EXISTS',
    `refusing to overwrite ${files.join(', ')}. Pick another name, or pass --force to overwrite.`,
  );

export const unknownTemplate = (name: string, known: readonly string[]) =>
  new CliError(
    'KN_ERR_CLI_UNKNOWN_TEMPLATE',
    `there is no template "${name}". Templates: ${known.join(', ')}.`,
  );

export const notAnApp = (dir: string, missing: string) =>
  new CliError(
    'KN_ERR_CLI_NOT_AN_APP',
    `${dir} does not look like a Kinetic app (${missing} is missing). Run this inside an app made by \`kinetic new\`, or pass --root.`,
  );

export const routesFile = (file: string, lines: readonly string[]) =>
  new CliError(
    'KN_ERR_CLI_ROUTES_FILE',
    `could not find \`export function routes(app…) {\` in ${file} to wire the new route in. Add these lines yourself:\n${lines.join('\n')}`,
  );

export const badField = (spec: string, why: string) =>
  new CliError(
    'KN_ERR_CLI_BAD_FIELD',
    `the field "${spec}" is invalid: ${why}. Write fields as name:type, e.g. title:string body:text price:number done:boolean.`,
  );

export const localPackages = (dir: string, why: string) =>
  new CliError(
    'KN_ERR_CLI_LOCAL_PACKAGES',
    `--local-packages ${dir}: ${why}. Pass a folder of tarballs made by \`pnpm pack\` in each package of the Kinetic repository.`,
  );

export const commandFailed = (command: string, status: number | null, cwd: string) =>
  new CliError(
    'KN_ERR_CLI_COMMAND_FAILED',
    `\`${command}\` failed${status === null ? '' : ` with exit code ${status}`} in ${cwd}. Its output is above; fix the cause and run it again.`,
  );

export const buildFailed = (count: number) =>
  new CliError(
    'KN_ERR_CLI_BUILD_FAILED',
    `the build failed with ${count} error${count === 1 ? '' : 's'} (above). Fix them and build again.`,
  );

export const typeErrors = () =>
  new CliError(
    'KN_ERR_CLI_TYPE_ERRORS',
    'the build stopped on the type errors above. Fix them (kinetic check shows them again), or build anyway with --no-typecheck.',
  );

export const noBuild = (dir: string) =>
  new CliError(
    'KN_ERR_CLI_NO_BUILD',
    `there is no build in ${dir} (manifest.json is missing). Run \`kinetic build\` first, or pass --out with the build's folder.`,
  );

export const appStart = (why: string) =>
  new CliError(
    'KN_ERR_CLI_APP_START',
    `the app did not start: ${why}. The dev server starts src/main.ts, which must create a Fastify app and call listen().`,
  );

export const cancelled = () =>
  new CliError('KN_ERR_CLI_CANCELLED', 'cancelled: nothing was written.');

export const manifestUnreadable = (path: string, cause: unknown) =>
  new CliError(
    'KN_ERR_ASSETS_MANIFEST',
    `the build manifest ${path} could not be read (${messageOf(cause)}). Build again with \`kinetic build\`.`,
    { cause },
  );
