import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { badOption, dirNotEmpty, unknownTemplate } from '../errors.js';
import { checkProjectName, toProjectName } from '../names.js';
import {
  detectPackageManager,
  isPackageManager,
  PACKAGE_MANAGERS,
  type PackageManager,
} from '../package-manager.js';
import { templatesRoot } from '../templates.js';
import type { Prompter } from './prompts.js';

/** `kinetic new` as typed: every prompt has a flag, and a flag given is never asked again. */
export interface NewFlags {
  readonly dir?: string | undefined;
  readonly name?: string | undefined;
  readonly template?: string | undefined;
  /** Views and layout in JSX (.tsx) instead of html templates. */
  readonly jsx?: boolean | undefined;
  readonly packageManager?: string | undefined;
  readonly git?: boolean | undefined;
  readonly install?: boolean | undefined;
  readonly overwrite?: boolean | undefined;
  readonly localPackages?: string | undefined;
  /** Take the default for everything not given, even on a terminal. */
  readonly yes?: boolean | undefined;
}

/** A project to create, every choice made. */
export interface NewProject {
  /** Absolute path of the project folder. */
  readonly dir: string;
  /** The folder as the user typed it, for the `cd` hint. */
  readonly dirArg: string;
  readonly name: string;
  /** True when the name was made from a folder npm would not take as it is ("My App!"). */
  readonly nameDerived: boolean;
  readonly template: string;
  /** Views and layout in JSX (.tsx), compiled by @kinetic/jsx. */
  readonly jsx: boolean;
  readonly packageManager: PackageManager;
  readonly git: boolean;
  readonly install: boolean;
  readonly overwrite: boolean;
  readonly localPackages: string | undefined;
}

export const DEFAULT_DIR = 'kinetic-app';
export const DEFAULT_TEMPLATE = 'default';

const HINTS: Readonly<Record<string, string>> = {
  default: 'a counter, its test, a layout and a stylesheet',
  minimal: 'one page that greets you as you type',
};

/** The project templates: the folders of templates/app except `base`. */
export function projectTemplates(): string[] {
  const root = join(templatesRoot(), 'app');
  return readdirSync(root)
    .filter((name) => name !== 'base' && statSync(join(root, name)).isDirectory())
    .sort((a, b) =>
      a === DEFAULT_TEMPLATE ? -1 : b === DEFAULT_TEMPLATE ? 1 : a.localeCompare(b),
    );
}

/** True when the folder is missing, or holds nothing but a .git folder. */
export function isEmptyDir(dir: string): boolean {
  if (!existsSync(dir)) return true;
  return readdirSync(dir).every((entry) => entry === '.git');
}

/**
 * Settles every choice of `kinetic new`: flags first, then the prompter's answers (only
 * given when a person is at a terminal), then the defaults.
 */
export async function resolveNewProject(
  flags: NewFlags,
  prompter: Prompter | undefined,
  cwd = process.cwd(),
): Promise<NewProject> {
  const ask = flags.yes === true ? undefined : prompter;
  const dirArg = flags.dir ?? (await ask?.text('Project folder:', DEFAULT_DIR)) ?? DEFAULT_DIR;
  const dir = resolve(cwd, dirArg);
  // A folder npm would not take as a name ("My App!") gives a derived one ("my-app"): asked
  // on a terminal with it as the default, and said aloud when it is not asked.
  const folder = basename(dir);
  const derived = toProjectName(folder);
  const name = checkProjectName(
    flags.name ??
      (derived === folder ? derived : ((await ask?.text('Package name:', derived)) ?? derived)),
  );
  const nameDerived = flags.name === undefined && name !== folder;
  // Asked first: nobody wants to answer every question to learn the folder was taken.
  let overwrite = flags.overwrite ?? false;
  if (!isEmptyDir(dir) && !overwrite) {
    overwrite =
      (await ask?.confirm(`${dirArg} is not empty. Remove its files and continue?`, false)) ??
      false;
    if (!overwrite) throw dirNotEmpty(dir);
  }

  const templates = projectTemplates();
  const template =
    flags.template ??
    (await ask?.choose(
      'Template:',
      templates.map((value) => ({ value, hint: HINTS[value] ?? '' })),
      DEFAULT_TEMPLATE,
    )) ??
    DEFAULT_TEMPLATE;
  if (!templates.includes(template)) throw unknownTemplate(template, templates);

  const jsx =
    flags.jsx ??
    ((await ask?.choose(
      'Views in JSX or html templates?',
      [
        { value: 'html', hint: 'html`…` tagged templates in .ts files' },
        { value: 'jsx', hint: '.tsx files, compiled to the same templates by @kinetic/jsx' },
      ],
      'html',
    )) ?? 'html') === 'jsx';

  const detected = detectPackageManager(process.env.npm_config_user_agent);
  const ranWith = process.env.npm_config_user_agent?.split('/')[0];
  const pm =
    flags.packageManager ??
    (await ask?.choose(
      'Package manager:',
      PACKAGE_MANAGERS.map((value) => ({
        value,
        hint: value === ranWith ? '(the one you ran this with)' : '',
      })),
      detected,
    )) ??
    detected;
  if (!isPackageManager(pm))
    throw badOption('--pm', pm, `use one of ${PACKAGE_MANAGERS.join(', ')}`);

  const git = flags.git ?? (await ask?.confirm('Initialize a git repository?', true)) ?? true;
  const install =
    flags.install ?? (await ask?.confirm(`Install dependencies with ${pm}?`, true)) ?? true;
  return {
    dir,
    dirArg,
    name,
    nameDerived,
    template,
    jsx,
    packageManager: pm,
    git,
    install,
    overwrite,
    localPackages: flags.localPackages,
  };
}
