import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import kleur from 'kleur';
import { type AppLayout, findApp } from '../app-root.js';
import { badOption, fileExists } from '../errors.js';
import { usesJsx } from '../jsx.js';
import { log } from '../log.js';
import { type Names, namesOf } from '../names.js';
import {
  existing,
  type PlannedFile,
  planLayers,
  templatesRoot,
  type Vars,
  writePlanned,
} from '../templates.js';
import { fieldVars, parseFields, requiredVars } from './fields.js';
import { type RouteWiring, wireRoutes } from './routes-file.js';

export const GENERATORS = ['component', 'live', 'scaffold'] as const;
export type Generator = (typeof GENERATORS)[number];

export interface GenerateOptions {
  readonly kind: Generator;
  readonly name: string;
  /** scaffold: `name:type` fields. */
  readonly fields: readonly string[];
  /** live: the URL path; default `/<kebab-name>`. */
  readonly path?: string | undefined;
  /** Overwrite files that exist. */
  readonly force: boolean;
  readonly root?: string | undefined;
}

/** What a generator would do: files to write (relative to the app) and routes to wire. */
export interface GeneratePlan {
  readonly app: AppLayout;
  readonly files: readonly PlannedFile[];
  readonly wiring: RouteWiring | undefined;
  /** The URL path of the page to open once it is generated. */
  readonly open?: string | undefined;
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Placeholder values for every spelling of the name. */
function nameVars(names: Names): Vars {
  return {
    Name: names.pascal,
    name: names.camel,
    kebab: names.kebab,
    human: names.human,
    Title: capital(names.human),
    Names: names.plural.pascal,
    names: names.plural.camel,
    kebabs: names.plural.kebab,
    humans: names.plural.human,
    Titles: capital(names.plural.human),
  };
}

const under = (folder: string, files: PlannedFile[]) =>
  files.map((file) => ({ ...file, path: join(folder, file.path) }));

/** Works out a generator's files and wiring without touching the disk. */
export function planGenerate(options: GenerateOptions): GeneratePlan {
  const names = namesOf(options.kind === 'component' ? 'component' : 'view', options.name);
  const needs = options.kind === 'component' ? [] : (['routes'] as const);
  const app = findApp(options.root, needs);
  // In a JSX app (package.json depends on @kinetic/jsx) the JSX twins under
  // templates/jsx/generate take the place of the .ts files that hold markup.
  const layers = [join(templatesRoot(), 'generate', options.kind)];
  if (usesJsx(app.root)) layers.push(join(templatesRoot(), 'jsx', 'generate', options.kind));
  const planTemplate = (vars: Vars, lists?: Readonly<Record<string, readonly Vars[]>>) =>
    planLayers(layers, vars, lists);
  const vars = nameVars(names);
  switch (options.kind) {
    case 'component':
      return {
        app,
        files: under(join('src', 'components'), planTemplate(vars)),
        wiring: undefined,
      };
    case 'live': {
      const path = options.path ?? `/${names.kebab}`;
      if (!/^\/[\w\-./:]*$/.test(path)) {
        throw badOption('--path', path, 'a URL path such as /clock or /users/:id');
      }
      return {
        app,
        files: under(join('src', 'views'), planTemplate({ ...vars, path })),
        wiring: {
          imports: [`import { ${names.pascal} } from './views/${names.kebab}.js';`],
          statements: [`app.live('${path}', ${names.pascal});`],
        },
        open: path,
      };
    }
    case 'scaffold': {
      const fields = parseFields(options.fields);
      const each = { field: fields.map(fieldVars) };
      const files = planTemplate({ ...vars, ...requiredVars(fields) }, each);
      return {
        app,
        files: under(join('src', names.plural.kebab), files),
        wiring: {
          imports: [
            `import { ${names.camel}Routes } from './${names.plural.kebab}/${names.kebab}-routes.js';`,
          ],
          statements: [`${names.camel}Routes(app);`],
        },
        open: `/${names.plural.kebab}`,
      };
    }
  }
}

/**
 * Formats what a generator wrote with the app's own Biome and config, when it is installed
 * (as `mix phx.gen` runs the formatter): the templates are formatted for a typical name, and
 * a longer one can wrap lines or order imports differently. Without Biome, nothing happens.
 */
function formatWithAppBiome(root: string, files: readonly string[]): void {
  let biome: string;
  try {
    biome = createRequire(join(root, 'package.json')).resolve('@biomejs/biome/bin/biome');
  } catch {
    return;
  }
  const result = spawnSync(process.execPath, [biome, 'check', '--write', ...files], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    log.warn(
      `biome check left something to fix in the generated files; run it: npx biome check --write .`,
    );
  }
}

/** Runs a generator: refuses to overwrite unless forced, writes, wires routes, reports. */
export function generate(options: GenerateOptions): GeneratePlan {
  const plan = planGenerate(options);
  const taken = existing(plan.app.root, plan.files);
  if (taken.length > 0 && !options.force) throw fileExists(taken);
  writePlanned(plan.app.root, plan.files);
  for (const file of plan.files) {
    log.success(`${taken.includes(file.path) ? 'overwrote' : 'created'} ${file.path}`);
  }
  if (plan.wiring !== undefined) {
    wireRoutes(plan.app.routes, plan.wiring);
    log.success(`wired ${relative(plan.app.root, plan.app.routes)}`);
    for (const line of plan.wiring.statements) log.info(kleur.dim(`    ${line}`));
  }
  formatWithAppBiome(plan.app.root, [
    ...plan.files.map((file) => file.path),
    ...(plan.wiring === undefined ? [] : [relative(plan.app.root, plan.app.routes)]),
  ]);
  if (plan.open !== undefined) {
    log.info(`open ${kleur.cyan(`http://127.0.0.1:3000${plan.open}`)} in the dev server`);
  }
  return plan;
}
