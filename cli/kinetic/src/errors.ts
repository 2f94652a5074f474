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
