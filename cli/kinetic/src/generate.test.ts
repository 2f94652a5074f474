import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kinetic, removeDir, tempDir } from '../test/run-cli.js';

let dir: string;
let app: string;
const routes = () => readFileSync(join(app, 'src', 'routes.ts'), 'utf8');
const generate = (...args: string[]) => kinetic(['generate', ...args], app);

beforeAll(() => {
  dir = tempDir();
  app = join(dir, 'app');
  expect(kinetic(['new', 'app', '--no-install', '--no-git'], dir).status).toBe(0);
});
afterAll(() => removeDir(dir));

describe('kinetic generate component', () => {
  it('writes a function component and its test', () => {
    const { status, stdout } = generate('component', 'UserCard');
    expect(status).toBe(0);
    const source = readFileSync(join(app, 'src', 'components', 'user-card.ts'), 'utf8');
    expect(source).toContain('export function UserCard({ title, body }: UserCardProps)');
    expect(source).toContain('class="user-card"');
    const test = readFileSync(join(app, 'src', 'components', 'user-card.test.ts'), 'utf8');
    expect(test).toContain("import { UserCard } from './user-card.js';");
    expect(test).toContain("from '@kinetic/testing'");
    expect(stdout).toContain('created src/components/user-card.ts');
  });

  it('accepts the name in any case', () => {
    expect(generate('component', 'price-tag').status).toBe(0);
    expect(readFileSync(join(app, 'src', 'components', 'price-tag.ts'), 'utf8')).toContain(
      'export function PriceTag(',
    );
  });
});

describe('kinetic generate live', () => {
  it('writes a view and its test, wires its route in, and says where to open it', () => {
    const { status, stdout } = generate('live', 'Clock');
    expect(status).toBe(0);
    const source = readFileSync(join(app, 'src', 'views', 'clock.ts'), 'utf8');
    expect(source).toContain("name: 'Clock'");
    expect(source).toContain('<h1>Clock</h1>');
    expect(source).not.toMatch(/note/i);
    expect(stdout).toContain('open http://127.0.0.1:3000/clock in the dev server');
    expect(readFileSync(join(app, 'src', 'views', 'clock.test.ts'), 'utf8')).toContain(
      "live(buildApp, '/clock')",
    );
    expect(routes()).toContain("import { Clock } from './views/clock.js';");
    expect(routes()).toContain("  app.live('/clock', Clock);");
  });

  it('takes the URL from --path', () => {
    expect(generate('live', 'Dashboard', '--path', '/admin/dash').status).toBe(0);
    expect(routes()).toContain("app.live('/admin/dash', Dashboard);");
  });

  it('refuses to overwrite, and --force overwrites without wiring twice', () => {
    writeFileSync(join(app, 'src', 'views', 'clock.ts'), '// mine\n');
    const refused = generate('live', 'Clock');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('KN_ERR_CLI_FILE_EXISTS');
    expect(refused.stderr).toContain('src/views/clock.ts');
    expect(readFileSync(join(app, 'src', 'views', 'clock.ts'), 'utf8')).toBe('// mine\n');

    expect(generate('live', 'Clock', '--force').status).toBe(0);
    expect(readFileSync(join(app, 'src', 'views', 'clock.ts'), 'utf8')).toContain("name: 'Clock'");
    expect(routes().split("app.live('/clock', Clock);").length).toBe(2);
  });

  it('says what is wrong with a bad name', () => {
    for (const [name, why] of [
      ['9lives', 'must start with a letter'],
      ['user card', 'letters and digits'],
      ['class', 'reserved word'],
      ['', 'empty'],
    ] as const) {
      const { status, stderr } = generate('live', name);
      expect(status, name).toBe(1);
      expect(stderr, name).toContain('KN_ERR_CLI_BAD_NAME');
      expect(stderr, name).toContain(why);
    }
  });

  it('refuses fields, which are for scaffold', () => {
    const { status, stderr } = generate('live', 'Inbox', 'title:string');
    expect(status).toBe(1);
    expect(stderr).toContain('fields are for scaffold');
  });

  it('says when there is no routes function to wire into', () => {
    const file = join(app, 'src', 'routes.ts');
    const before = readFileSync(file, 'utf8');
    writeFileSync(file, 'export default [];\n');
    const { status, stderr } = generate('live', 'Orphan');
    writeFileSync(file, before);
    expect(status).toBe(1);
    expect(stderr).toContain('KN_ERR_CLI_ROUTES_FILE');
    expect(stderr).toContain("app.live('/orphan', Orphan);");
  });
});

describe('kinetic generate scaffold', () => {
  it('writes a resource with views, store, validation and tests, and wires its routes', () => {
    const { status, stdout } = generate(
      'scaffold',
      'BlogPost',
      'title:string',
      'body:text',
      'votes:number',
      'is_public:boolean',
    );
    expect(status).toBe(0);
    expect(stdout).toContain('open http://127.0.0.1:3000/blog-posts in the dev server');
    const folder = join(app, 'src', 'blog-posts');
    for (const file of [
      'blog-post.ts',
      'blog-post.test.ts',
      'blog-post-store.ts',
      'blog-post-store.test.ts',
      'blog-post-views.ts',
      'blog-post-views.test.ts',
      'blog-post-routes.ts',
    ]) {
      expect(existsSync(join(folder, file)), file).toBe(true);
    }
    const model = readFileSync(join(folder, 'blog-post.ts'), 'utf8');
    expect(model).toContain('readonly isPublic: boolean;');
    expect(model).toContain("votes: check.number('votes'),");
    expect(model).not.toMatch(/__\w+__|#each|#end/);
    const views = readFileSync(join(folder, 'blog-post-views.ts'), 'utf8');
    expect(views).toContain('<th>Is public</th>');
    expect(views).toContain("control('text', 'blog-post-body', 'body', form.body)");
    expect(views).not.toMatch(/__\w+__|#each|#end/);
    // A table cell laid out as a flex box leaves the row's borders misaligned.
    expect(views).not.toContain('<td class="actions">');
    const store = readFileSync(join(folder, 'blog-post-store.ts'), 'utf8');
    expect(store).toContain('export interface BlogPostStore');
    expect(store).toContain('export class MemoryBlogPostStore implements BlogPostStore');
    expect(routes()).toContain(
      "import { blogPostRoutes } from './blog-posts/blog-post-routes.js';",
    );
    expect(routes()).toContain('  blogPostRoutes(app);');
    expect(readFileSync(join(folder, 'blog-post-routes.ts'), 'utf8')).toContain(
      "app.live('/blog-posts/:id/edit', views.BlogPostEdit);",
    );
  });

  it('gives a resource a name field when no fields are given', () => {
    expect(generate('scaffold', 'Category').status).toBe(0);
    expect(readFileSync(join(app, 'src', 'categories', 'category.ts'), 'utf8')).toContain(
      'readonly name: string;',
    );
  });

  it('says what is wrong with a bad field', () => {
    for (const [fields, why] of [
      [['title:date'], 'the type must be one of string, text, number, boolean'],
      [['id:string'], 'every resource gets an id already'],
      [['a:string', 'a:text'], 'given twice'],
      [['done:boolean'], 'at least one string, text or number field'],
      [['x:string:y'], 'one ":"'],
    ] as const) {
      const { status, stderr } = generate('scaffold', 'Thing', ...fields);
      expect(status, fields.join(' ')).toBe(1);
      expect(stderr, fields.join(' ')).toContain('KN_ERR_CLI_BAD_FIELD');
      expect(stderr, fields.join(' ')).toContain(why);
    }
    expect(existsSync(join(app, 'src', 'things'))).toBe(false);
  });
});

describe('kinetic generate', () => {
  it('refuses to run outside an app', () => {
    const { status, stderr } = kinetic(['generate', 'live', 'Clock'], dir);
    expect(status).toBe(1);
    expect(stderr).toContain('KN_ERR_CLI_NOT_AN_APP');
  });

  it('refuses an unknown kind', () => {
    const { status, stderr } = generate('model', 'User');
    expect(status).toBe(1);
    expect(stderr).toContain('Allowed choices are component, live, scaffold');
  });
});

describe('kinetic generate in a JSX app', () => {
  let jsxDir: string;
  let jsxApp: string;
  const file = (path: string) => join(jsxApp, path);
  beforeAll(() => {
    jsxDir = tempDir();
    jsxApp = join(jsxDir, 'app');
    expect(kinetic(['new', 'app', '--jsx', '--no-install', '--no-git'], jsxDir).status).toBe(0);
  });
  afterAll(() => removeDir(jsxDir));

  it('writes a live view as .tsx, its test as .ts, and wires it as in an html app', () => {
    const { status, stdout } = kinetic(['generate', 'live', 'Clock'], jsxApp);
    expect(status).toBe(0);
    expect(existsSync(file('src/views/clock.ts'))).toBe(false);
    const source = readFileSync(file('src/views/clock.tsx'), 'utf8');
    expect(source).toContain("name: 'Clock'");
    expect(source).toContain('<h1>Clock</h1>');
    expect(source).toContain('Pressed {presses}');
    expect(source).not.toContain('html`');
    expect(readFileSync(file('src/views/clock.test.ts'), 'utf8')).toContain(
      "live(buildApp, '/clock')",
    );
    expect(stdout).toContain('created src/views/clock.tsx');
    expect(readFileSync(file('src/routes.ts'), 'utf8')).toContain(
      "import { Clock } from './views/clock.js';",
    );
  });

  it('writes a component as .tsx', () => {
    expect(kinetic(['generate', 'component', 'UserCard'], jsxApp).status).toBe(0);
    const source = readFileSync(file('src/components/user-card.tsx'), 'utf8');
    expect(source).toContain('export function UserCard({ title, body }: UserCardProps)');
    expect(source).toContain('<div class="user-card">');
    expect(existsSync(file('src/components/user-card.ts'))).toBe(false);
    expect(existsSync(file('src/components/user-card.test.ts'))).toBe(true);
  });

  it('writes a scaffold’s views as .tsx, one field block per field, the rest as .ts', () => {
    const { status } = kinetic(
      ['generate', 'scaffold', 'Post', 'title:string', 'done:boolean'],
      jsxApp,
    );
    expect(status).toBe(0);
    const views = readFileSync(file('src/posts/post-views.tsx'), 'utf8');
    expect(views).toContain('<th>Title</th>');
    expect(views).toContain('<th>Done</th>');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the generated JSX, read as text
    expect(views).toContain('<tr key={item.id} id={`post-${item.id}`}>');
    expect(views).not.toContain('#each');
    expect(existsSync(file('src/posts/post-views.ts'))).toBe(false);
    for (const ts of ['post.ts', 'post-store.ts', 'post-routes.ts', 'post-views.test.ts']) {
      expect(existsSync(file(join('src/posts', ts)))).toBe(true);
    }
  });

  it('writes .ts in an html app: the project is JSX only when package.json lists @kinetic/jsx', () => {
    expect(generate('component', 'Plain').status).toBe(0);
    expect(existsSync(join(app, 'src', 'components', 'plain.ts'))).toBe(true);
    expect(existsSync(join(app, 'src', 'components', 'plain.tsx'))).toBe(false);
  });
});
