import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kinetic, linkWorkspacePackages, removeDir, tempDir } from '../../test/run-cli.js';

const REPO_MODULES = fileURLToPath(new URL('../../../../node_modules/', import.meta.url));
const BIOME = join(REPO_MODULES, '.bin', 'biome');

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => removeDir(dir));

/** A new app in `dir`, written and not installed. */
function newApp(name: string, ...flags: string[]): string {
  const created = kinetic(['new', name, '--no-install', '--no-git', ...flags], dir);
  expect(created.status, created.output).toBe(0);
  return join(dir, name);
}

const read = (app: string, file: string) => readFileSync(join(app, file), 'utf8');

/** A Dockerfile's stages: each `FROM` line and the instructions after it. */
function stages(dockerfile: string): { from: string; lines: string[] }[] {
  const found: { from: string; lines: string[] }[] = [];
  for (const line of dockerfile.split('\n').map((text) => text.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('FROM ')) found.push({ from: line, lines: [] });
    else found.at(-1)?.lines.push(line);
  }
  return found;
}

const instruction = (lines: readonly string[], name: string) =>
  lines.filter((line) => line.startsWith(`${name} `)).map((line) => line.slice(name.length + 1));

/** `ENV A=1 B=2` lines as one record. */
const envOf = (lines: readonly string[]): Record<string, string> =>
  Object.fromEntries(
    instruction(lines, 'ENV').flatMap((rest) =>
      rest.split(/\s+/).map((pair) => pair.split('=') as [string, string]),
    ),
  );

const MANAGERS = {
  npm: { lockfile: 'package-lock.json', install: 'npm ci', run: 'npm run' },
  pnpm: { lockfile: 'pnpm-lock.yaml', install: 'pnpm install --frozen-lockfile', run: 'pnpm' },
  yarn: { lockfile: 'yarn.lock', install: 'yarn install --frozen-lockfile', run: 'yarn' },
  bun: { lockfile: 'bun.lock', install: 'bun install --frozen-lockfile', run: 'bun run' },
} as const;

describe('kinetic new: the Dockerfile', () => {
  for (const [pm, expected] of Object.entries(MANAGERS)) {
    it(`installs from ${expected.lockfile} with ${pm} and runs production as node`, () => {
      const app = newApp('app', '--pm', pm);
      const dockerfile = read(app, 'Dockerfile');
      const [build, runtime] = stages(dockerfile);
      expect(build?.lines).toContain(`COPY package.json ${expected.lockfile} ./`);
      expect(build?.lines).toContain(`RUN ${expected.install}`);
      expect(build?.lines).toContain(`RUN ${expected.run} build`);

      expect(runtime?.from).toMatch(/^FROM node:20-slim$/);
      expect(instruction(runtime?.lines ?? [], 'USER')).toEqual(['node']);
      expect(envOf(runtime?.lines ?? [])).toMatchObject({
        NODE_ENV: 'production',
        HOST: '0.0.0.0',
        PORT: '3000',
      });
      expect(instruction(runtime?.lines ?? [], 'EXPOSE')).toEqual(['3000']);
      // The secret comes with `docker run -e`: no ENV or ARG may carry it.
      expect(dockerfile).not.toMatch(/^\s*(ENV|ARG)\b.*KINETIC_SECRET/m);
      expect(dockerfile).not.toMatch(/__[A-Z_]+__/);
    });
  }
});

describe('kinetic new: the other files peers give', () => {
  for (const template of ['default', 'minimal']) {
    it(`writes .dockerignore, biome.json and the CI workflow (${template})`, () => {
      const app = newApp('app', '--template', template);
      for (const file of ['.dockerignore', 'biome.json', '.github/workflows/ci.yml']) {
        expect(existsSync(join(app, file)), file).toBe(true);
      }
      const ignored = read(app, '.dockerignore').split('\n');
      expect(ignored).toEqual(
        expect.arrayContaining(['node_modules', 'dist', '.env', '.git', '.kinetic']),
      );
      const scripts = JSON.parse(read(app, 'package.json')).scripts;
      expect(scripts).toMatchObject({ lint: 'biome check .', format: 'biome format --write .' });
      expect(read(app, 'README.md')).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)/);
    });
  }

  for (const [pm, expected] of Object.entries(MANAGERS)) {
    it(`runs in CI only scripts the app has, with ${pm}`, () => {
      const app = newApp('app', '--pm', pm);
      const scripts = Object.keys(JSON.parse(read(app, 'package.json')).scripts);
      const workflow = read(app, '.github/workflows/ci.yml');
      const runs = [...workflow.matchAll(/^\s*-?\s*run:\s*(.+)$/gm)].map((match) => match[1]);
      expect(runs[0]).toBe(expected.install);
      const ran = runs.slice(1).map((run) => {
        expect(run?.startsWith(`${expected.run} `), run).toBe(true);
        return run?.slice(expected.run.length + 1);
      });
      expect(ran).toEqual(['typecheck', 'lint', 'test', 'build']);
      for (const script of ran) expect(scripts).toContain(script);
      if (pm !== 'bun') expect(workflow).toContain(`cache: ${pm}`);
      expect(workflow).toContain('node-version: 20');
    });
  }
});

describe('kinetic new: the welcome page', () => {
  const EXEC = { npm: 'npx', pnpm: 'pnpm exec', yarn: 'yarn', bun: 'bunx' } as const;
  for (const [pm, expected] of Object.entries(MANAGERS)) {
    it(`names ${pm}'s commands`, () => {
      const welcome = read(newApp('app', '--pm', pm), 'src/views/welcome.ts');
      expect(welcome).toContain(`<code>${expected.run} dev</code>`);
      expect(welcome).toContain(`${EXEC[pm as keyof typeof EXEC]} kinetic generate live Clock`);
      expect(welcome).toContain(`${expected.run} test</code>`);
      expect(welcome).not.toMatch(/__PM_[A-Z]+__/);
    });
  }
});

describe('kinetic new: biome check', () => {
  for (const [template, ...flags] of [['default'], ['minimal'], ['default', '--jsx']] as const) {
    it(`passes on a new app and on what the generators add (${[template, ...flags].join(' ')})`, () => {
      const app = newApp('app', '--template', template, ...flags);
      for (const args of [
        ['generate', 'live', 'Clock'],
        ['generate', 'scaffold', 'Post', 'title:string', 'body:text'],
        ['generate', 'component', 'Badge'],
      ]) {
        const generated = kinetic(args, app);
        expect(generated.status, generated.output).toBe(0);
      }
      const check = spawnSync(BIOME, ['check', '.'], { cwd: app, encoding: 'utf8' });
      expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
    });
  }
});

describe('kinetic new --jsx', () => {
  const files = (app: string) =>
    spawnSync('find', ['.', '-type', 'f', '-path', './src/*'], { cwd: app, encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .sort();

  it('writes the views and layout as .tsx, with the html app’s other files', () => {
    const app = newApp('app', '--jsx');
    expect(files(app)).toEqual([
      './src/app.ts',
      './src/layout.tsx',
      './src/main.ts',
      './src/routes.ts',
      './src/styles/app.css',
      './src/views/counter.test.ts',
      './src/views/counter.tsx',
      './src/views/welcome.tsx',
    ]);
    const tsconfig = JSON.parse(read(app, 'tsconfig.json')) as {
      compilerOptions: Record<string, unknown>;
    };
    expect(tsconfig.compilerOptions.jsx).toBe('react-jsx');
    expect(tsconfig.compilerOptions.jsxImportSource).toBe('@kinetic/core');
    const pkg = JSON.parse(read(app, 'package.json')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['@kinetic/jsx']).toBe(pkg.dependencies['@kinetic/core']);
    expect(read(app, 'vitest.config.ts')).toContain('plugins: [kineticJsx()]');
    // The same page as the html app's, said to be JSX, with the files it names spelt .tsx.
    expect(read(app, 'src/views/counter.tsx')).toContain(
      '<button type="button" lv-click="inc" aria-label="Increment">',
    );
    expect(read(app, 'src/views/welcome.tsx')).toContain('Its views are written in JSX');
    expect(read(app, 'src/views/welcome.tsx')).toContain('<code>npm run dev</code>');
    expect(read(app, 'src/views/welcome.tsx')).not.toMatch(/__[A-Z_]+__/);
    expect(read(app, 'src/layout.tsx')).toContain('<a href="/">app</a>');
    const readme = read(app, 'README.md');
    expect(readme).toContain('Views are written in JSX');
    expect(readme).toContain('`src/layout.tsx` is the page around every view.');
  });

  it('keeps the minimal template’s page, as .tsx', () => {
    const app = newApp('app', '--jsx', '--template', 'minimal');
    expect(files(app)).toContain('./src/views/home.tsx');
    expect(files(app)).not.toContain('./src/views/home.ts');
    expect(files(app)).toContain('./src/views/home.test.ts');
  });

  it('writes an html app without it: no .tsx, no @kinetic/jsx, no JSX settings', () => {
    const app = newApp('app');
    expect(files(app).filter((file) => file.endsWith('.tsx'))).toEqual([]);
    expect(read(app, 'package.json')).not.toContain('@kinetic/jsx');
    expect(read(app, 'tsconfig.json')).not.toContain('jsx');
    expect(existsSync(join(app, 'vitest.config.ts'))).toBe(false);
    expect(read(app, 'README.md')).toContain('Views are written with the `html` tagged template');
  });

  it('type checks and passes its tests, with what the generators add', () => {
    const app = newApp('app', '--jsx');
    linkWorkspacePackages(app, { devTools: true, jsx: true });
    for (const args of [
      ['generate', 'live', 'Clock'],
      ['generate', 'component', 'Badge'],
      ['generate', 'scaffold', 'Post', 'title:string', 'body:text'],
    ]) {
      const generated = kinetic(args, app);
      expect(generated.status, generated.output).toBe(0);
    }
    const check = kinetic(['check'], app);
    expect(check.status, check.output).toBe(0);
    const vitest = join(app, 'node_modules', 'vitest', 'vitest.mjs');
    const tests = spawnSync(process.execPath, [vitest, 'run'], {
      cwd: app,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(tests.status, `${tests.stdout}${tests.stderr}`).toBe(0);
    expect(tests.stdout).toMatch(/Test Files\s+6 passed/);
  }, 60_000);
});

describe('kinetic generate: formatted by the app’s Biome', () => {
  it('leaves code that passes biome check for a name longer than the templates expect', () => {
    const app = newApp('app');
    // What the install adds: the app's own Biome, which the generators run on their files.
    const link = join(app, 'node_modules', '@biomejs', 'biome');
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(REPO_MODULES, '@biomejs', 'biome'), link, 'dir');
    const generated = kinetic(
      [
        'generate',
        'scaffold',
        'BlogArticleRevision',
        'headline:string',
        'summary:text',
        'wordCount:number',
      ],
      app,
    );
    expect(generated.status, generated.output).toBe(0);
    expect(generated.output).not.toContain('biome check left something');
    const check = spawnSync(BIOME, ['check', '.'], { cwd: app, encoding: 'utf8' });
    expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
  });
});

describe('kinetic new: the Dockerfile’s runtime stage, without docker', () => {
  let server: ChildProcess | undefined;
  afterEach(() => {
    server?.kill('SIGKILL');
  });

  it('copies a build whose CMD serves the app', async () => {
    const app = newApp('app');
    linkWorkspacePackages(app, { devTools: true });
    const built = kinetic(['build'], app);
    expect(built.status, built.output).toBe(0);

    const [build, runtime] = stages(read(app, 'Dockerfile'));
    const buildDir = instruction(build?.lines ?? [], 'WORKDIR')[0] as string;
    const workdir = instruction(runtime?.lines ?? [], 'WORKDIR')[0] as string;
    // What the image holds: each `COPY --from=build` of the runtime stage, done by hand.
    const image = join(dir, 'image');
    const copies = instruction(runtime?.lines ?? [], 'COPY');
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const [flag, from, to] = copy.split(/\s+/) as [string, string, string];
      expect(flag).toBe('--from=build');
      const source = join(app, posix.relative(buildDir, from));
      expect(existsSync(source), from).toBe(true);
      mkdirSync(join(image, workdir), { recursive: true });
      cpSync(source, join(image, posix.resolve(workdir, to)), { recursive: true });
    }

    const cmd = JSON.parse(instruction(runtime?.lines ?? [], 'CMD')[0] as string) as string[];
    expect(cmd[0]).toBe('node');
    const entry = join(image, posix.resolve(workdir, cmd[1] as string));
    expect(existsSync(entry), `${cmd[1]} is not in the image`).toBe(true);

    // Run it as the container would: the image's ENV, no node_modules, the secret given.
    const env = envOf(runtime?.lines ?? []);
    const port = 3000 + Math.floor(Math.random() * 1000) + 1000;
    server = spawn(process.execPath, cmd.slice(1), {
      cwd: join(image, workdir),
      env: {
        PATH: process.env.PATH,
        ...env,
        PORT: String(port),
        KINETIC_SECRET: 'a-test-secret-of-more-than-32-characters',
      },
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      server?.stdout?.on('data', (chunk: Buffer) => {
        output += chunk;
        if (output.includes('listening on')) resolve();
      });
      server?.stderr?.on('data', (chunk: Buffer) => {
        output += chunk;
      });
      server?.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
  }, 60_000);
});
