import { resolve } from 'node:path';
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import kleur from 'kleur';
import { build } from './build/build.js';
import { start } from './build/start.js';
import { check } from './check/check.js';
import { createProject } from './create/create.js';
import { resolveNewProject } from './create/options.js';
import { canPrompt, terminalPrompter } from './create/prompts.js';
import { startDevServer } from './dev/dev-server.js';
import { bindShortcuts, shortcutsHint } from './dev/shortcuts.js';
import { loadEnvFile } from './env-file.js';
import { CliError } from './errors.js';
import { GENERATORS, type Generator, generate } from './generate/generate.js';
import { log } from './log.js';
import { PACKAGE_MANAGERS } from './package-manager.js';
import { listRoutes, printRoutes } from './routes/routes.js';
import { cliVersion } from './version.js';

const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  }
  return n;
};

const defaultPort = () => (process.env.PORT === undefined ? 3000 : port(process.env.PORT));
const defaultHost = () => process.env.HOST ?? '127.0.0.1';

interface NewCommandOptions {
  name?: string;
  template?: string;
  jsx?: boolean;
  pm?: string;
  git?: boolean;
  install?: boolean;
  overwrite?: boolean;
  localPackages?: string;
  yes?: boolean;
}

/** `kinetic new` and `create-kinetic`: one command, two names. */
export function newCommand(name = 'new'): Command {
  return new Command(name)
    .description('create a Kinetic app from a template')
    .argument('[dir]', 'the folder to create (asked for on a terminal; default kinetic-app)')
    .option('--name <name>', 'the package name (default: from the folder)')
    .option('-t, --template <template>', 'the project template: default or minimal')
    .option('--jsx', 'write the views and layout in JSX (.tsx), compiled by @kinetic/jsx')
    .option('--no-jsx', 'write the views with html templates (the default)')
    .addOption(
      new Option('--pm <manager>', 'the package manager (default: the one running this)').choices(
        PACKAGE_MANAGERS,
      ),
    )
    .option('--git', 'initialize a git repository (default)')
    .option('--no-git', 'do not initialize a git repository')
    .option('--install', 'install dependencies (default)')
    .option('--no-install', 'do not install dependencies')
    .option('--overwrite', 'empty a folder that is not empty')
    .option(
      '--local-packages <dir>',
      'take the Kinetic packages from the tarballs in <dir> (made with `pnpm pack`)',
    )
    .option('-y, --yes', 'accept the defaults for everything not given')
    .action(async (dir: string | undefined, options: NewCommandOptions) => {
      const prompter = canPrompt() && options.yes !== true ? terminalPrompter() : undefined;
      try {
        const project = await resolveNewProject(
          {
            dir,
            name: options.name,
            template: options.template,
            jsx: options.jsx,
            packageManager: options.pm,
            git: options.git,
            install: options.install,
            overwrite: options.overwrite,
            localPackages: options.localPackages,
            yes: options.yes,
          },
          prompter,
        );
        prompter?.close();
        createProject(project, cliVersion());
      } finally {
        prompter?.close();
      }
    });
}

/** The `kinetic` program. */
export function program(): Command {
  const cli = new Command('kinetic')
    .description('Create, develop, build and serve Kinetic apps.')
    .version(cliVersion(), '-v, --version')
    .showHelpAfterError();

  cli.addCommand(newCommand('new').alias('create'));

  cli
    .command('dev')
    .description('run the app with hot reload: live views keep their state across edits')
    .option('-p, --port <port>', 'the port to listen on (default: $PORT or 3000)', port)
    .option('--host <host>', 'the address to listen on (default: $HOST or 127.0.0.1)')
    .option('--root <dir>', 'the app folder (default: the current folder)')
    .action(async (options: { port?: number; host?: string; root?: string }) => {
      // The app's .env first: PORT and HOST in it count, and the app gets the rest.
      loadEnvFile(resolve(options.root ?? '.'));
      const server = await startDevServer({
        root: options.root,
        port: options.port ?? defaultPort(),
        host: options.host ?? defaultHost(),
      });
      const stop = () => server.close().then(() => process.exit(0));
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      // Keys in a terminal; KINETIC_DEV_SHORTCUTS=1 turns them on for piped input too.
      if (process.stdin.isTTY || process.env.KINETIC_DEV_SHORTCUTS === '1') {
        bindShortcuts(process.stdin, {
          url: server.url,
          restart: () => server.restart(),
          quit: stop,
        });
        log.info(shortcutsHint());
      }
    });

  cli
    .command('check')
    .description("the app's type errors, from its own TypeScript and tsconfig")
    .option('--root <dir>', 'the app folder (default: the current folder)')
    .action(async (options: { root?: string }) => {
      process.exitCode = await check({ root: options.root });
    });

  cli
    .command('routes')
    .description('the live routes and their views, as the app declares them')
    .option('--root <dir>', 'the app folder (default: the current folder)')
    .action(async (options: { root?: string }) => {
      printRoutes(await listRoutes({ root: options.root }));
    });

  cli
    .command('build')
    .description('build for production: server bundle, hashed assets, manifest')
    .option('-o, --out <dir>', 'the output folder (default: dist)')
    .option('--no-typecheck', 'build even with type errors (they are checked by default)')
    .option('--root <dir>', 'the app folder (default: the current folder)')
    .action(async (options: { out?: string; root?: string; typecheck: boolean }) => {
      await build({ out: options.out, root: options.root, typecheck: options.typecheck });
    });

  cli
    .command('start')
    .description('serve a production build (NODE_ENV=production)')
    .option('-o, --out <dir>', 'the build folder (default: dist)')
    .option('-p, --port <port>', 'the port to listen on (default: $PORT or 3000)', port)
    .option('--host <host>', 'the address to listen on (default: $HOST or 127.0.0.1)')
    .option('--root <dir>', 'the app folder (default: the current folder)')
    .action(async (options: { out?: string; port?: number; host?: string; root?: string }) => {
      // start() reads the app's .env itself; PORT and HOST in it count when no flag is given.
      process.exitCode = await start({
        out: options.out,
        root: options.root,
        port: options.port ?? (process.env.PORT === undefined ? undefined : defaultPort()),
        host: options.host ?? process.env.HOST,
      });
    });

  cli
    .command('generate')
    .alias('g')
    .description('generate a component, a live view, or a scaffold (CRUD resource) with tests')
    .addArgument(new Argument('<kind>', 'what to generate').choices(GENERATORS))
    .argument('<name>', 'its name, e.g. UserCard or user-card')
    .argument('[fields...]', 'scaffold fields as name:type (string, text, number, boolean)')
    .option('--path <path>', 'live: the URL of the view (default: /<name>)')
    .option('-f, --force', 'overwrite files that exist')
    .option('--root <dir>', 'the app folder (default: the current folder)')
    .addHelpText(
      'after',
      `
Examples:
  kinetic generate component UserCard
  kinetic generate live Clock --path /time
  kinetic generate scaffold Post title:string body:text votes:number published:boolean`,
    )
    .action(
      (
        kind: Generator,
        name: string,
        fields: string[],
        options: { path?: string; force?: boolean; root?: string },
      ) => {
        if (kind !== 'scaffold' && fields.length > 0) {
          throw new CliError(
            'KN_ERR_CLI_BAD_OPTION',
            `${kind} takes no fields (got ${fields.join(' ')}); fields are for scaffold.`,
          );
        }
        generate({
          kind,
          name,
          fields,
          path: options.path,
          force: options.force === true,
          root: options.root,
        });
      },
    );

  return cli;
}

/** Runs the CLI; a CliError is printed (no stack: it says what to do) and exits with 1. */
export async function main(argv: readonly string[], command: Command = program()): Promise<void> {
  try {
    await command.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CliError) {
      log.error(kleur.red(error.message));
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}
