import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import kleur from 'kleur';
import { commandFailed } from '../errors.js';
import { JSX_PACKAGE } from '../jsx.js';
import { log } from '../log.js';
import { execBin, installCommand, runScript } from '../package-manager.js';
import { type PlannedFile, planLayers, templatesRoot, writePlanned } from '../templates.js';
import { type LocalPackages, pointAtLocalPackages, readLocalPackages } from './local-packages.js';
import { isEmptyDir, type NewProject } from './options.js';
import { packageManagerVars } from './package-manager-vars.js';

/**
 * The files of a project: the base template with the chosen one laid over it; with JSX,
 * their twins under templates/jsx/app laid over both (views and layout as .tsx, the
 * tsconfig's JSX settings, vitest's JSX plugin).
 */
export function planProject(
  project: Pick<NewProject, 'name' | 'template'> &
    Partial<Pick<NewProject, 'packageManager' | 'jsx'>>,
): PlannedFile[] {
  const root = templatesRoot();
  const jsx = project.jsx === true;
  const vars = {
    APP_NAME: project.name,
    ...packageManagerVars(project.packageManager ?? 'npm'),
    // The README names the view files and says how views are written.
    EXT: jsx ? 'tsx' : 'ts',
    VIEWS_IN: jsx
      ? 'Views are written in JSX (`.tsx` files): `kinetic dev`, `kinetic build` and the tests compile each JSX expression to an `html` tagged template with `@kinetic/jsx`, so the page and its patches are what the `html` form makes.'
      : 'Views are written with the `html` tagged template of `@kinetic/core`.',
  };
  const layers = [join(root, 'app', 'base'), join(root, 'app', project.template)];
  if (jsx)
    layers.push(join(root, 'jsx', 'app', 'base'), join(root, 'jsx', 'app', project.template));
  return planLayers(layers, vars);
}

/**
 * The project's package.json: its name, the Kinetic packages at this CLI's version, and,
 * with --local-packages, every Kinetic package taken from a local tarball.
 */
export function projectPackageJson(
  template: string,
  project: Pick<NewProject, 'dir' | 'name'> & Partial<Pick<NewProject, 'jsx'>>,
  version: string,
  local?: LocalPackages,
): string {
  const pkg = JSON.parse(template) as Record<string, unknown> & {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  pkg.name = project.name;
  // The JSX compiler: `kinetic dev` and `kinetic build` load the app's own copy, and the
  // tests' vitest plugin comes from it. Its version is set with the others below.
  if (project.jsx === true) {
    pkg.dependencies = Object.fromEntries(
      Object.entries({ ...pkg.dependencies, [JSX_PACKAGE]: version }).sort(([a], [b]) =>
        a.localeCompare(b),
      ),
    );
  }
  for (const deps of [pkg.dependencies, pkg.devDependencies]) {
    for (const dep of Object.keys(deps ?? {})) {
      if (deps !== undefined && (dep === 'kinetic' || dep.startsWith('@kinetic/'))) {
        deps[dep] = `^${version}`;
      }
    }
  }
  const out = local === undefined ? pkg : pointAtLocalPackages(pkg, local, project.dir);
  return `${JSON.stringify(out, null, 2)}\n`;
}

/**
 * Writes the project, installs and makes the first commit as asked (in that order, so the
 * lockfile is in the commit); prints the next steps. Everything that can be refused is
 * checked before the first write, and a folder this run created is removed again when
 * writing fails: a failed `kinetic new` leaves nothing behind.
 */
export function createProject(project: NewProject, version: string): void {
  const started = performance.now();
  const local =
    project.localPackages === undefined ? undefined : readLocalPackages(project.localPackages);
  const files = planProject(project).map((file) =>
    file.path === 'package.json'
      ? { ...file, contents: projectPackageJson(file.contents, project, version, local) }
      : file,
  );
  const existed = existsSync(project.dir);
  try {
    if (!isEmptyDir(project.dir)) {
      // Only reached with --overwrite (or a yes at the prompt): keep .git, replace the rest.
      for (const entry of readdirSync(project.dir)) {
        if (entry !== '.git') rmSync(join(project.dir, entry), { recursive: true, force: true });
      }
    }
    mkdirSync(project.dir, { recursive: true });
    writePlanned(project.dir, files);
  } catch (error) {
    if (!existed) rmSync(project.dir, { recursive: true, force: true });
    throw error;
  }
  log.success(
    `Created ${kleur.bold(project.name)} in ${project.dir} from the ${project.template} template${project.jsx ? ', views in JSX' : ''}`,
  );
  if (project.nameDerived) {
    log.step(
      `Took the package name ${project.name}: npm takes no name like "${basename(project.dir)}" (choose another with --name)`,
    );
  }
  if (project.localPackages !== undefined) {
    log.step(`Kinetic packages point at the tarballs in ${project.localPackages}`);
  }
  if (project.install) {
    try {
      install(project);
    } catch (error) {
      // The app is whole; only the install is to run again. Commit what there is.
      if (project.git) initGit(project.dir, 'install failed: commit the lockfile once it works');
      throw error;
    }
  }
  if (project.git) {
    initGit(
      project.dir,
      project.install ? undefined : 'without a lockfile: commit it after you install',
    );
  }
  log.info(`\nDone in ${Math.round(performance.now() - started)}ms. Next:\n`);
  const cd = relative(process.cwd(), project.dir) || '.';
  if (cd !== '.') log.info(`  cd ${cd.includes(' ') ? JSON.stringify(cd) : cd}`);
  if (!project.install) log.info(`  ${installCommand(project.packageManager).flat().join(' ')}`);
  log.info(`  ${runScript(project.packageManager, 'dev')}`);
  log.info(
    kleur.dim(
      `\n  Tests: ${runScript(project.packageManager, 'test')}   Generate: ${execBin(project.packageManager, 'kinetic')} generate live Clock\n`,
    ),
  );
}

/** A repository with a first commit of everything there is; `caveat` says what is missing. */
function initGit(dir: string, caveat?: string): void {
  const git = (...args: string[]) =>
    spawnSync('git', args, { cwd: dir, stdio: 'ignore', encoding: 'utf8' });
  const version = git('--version');
  if (version.error !== undefined || version.status !== 0) {
    log.warn('git was not found: skipped creating a repository.');
    return;
  }
  // Inside another repository (a monorepo), a nested one would only get in the way.
  const inside = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (inside.status === 0 && inside.stdout.trim() === 'true') {
    log.step('Inside an existing git repository: no new one created.');
    return;
  }
  if (git('init', '-q').status !== 0) {
    log.warn('git init failed: skipped creating a repository.');
    return;
  }
  git('add', '-A');
  const commit = git('commit', '-q', '-m', 'Initial commit from kinetic new');
  const note = caveat === undefined ? '' : ` (${caveat})`;
  if (commit.status === 0) log.success(`Initialized a git repository with a first commit${note}`);
  else log.success('Initialized a git repository (commit when your git identity is set)');
}

function install(project: NewProject): void {
  const [command, args] = installCommand(project.packageManager);
  log.step(`Installing dependencies with ${command}…`);
  const result = spawnSync(command, args, {
    cwd: project.dir,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.error !== undefined || result.status !== 0) {
    throw commandFailed(`${command} ${args.join(' ')}`, result.status, project.dir);
  }
  log.success('Installed dependencies');
}
