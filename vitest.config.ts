import { defineConfig } from 'vitest/config';

// Tests import the workspace packages from their TypeScript sources (the `@kinetic/source`
// export condition), so they test the code as edited, without a build, and coverage
// credits src/. What cannot come from sources (the CLI run as a child process, the browser
// bundle) is built by the global setup first.
const conditions = ['@kinetic/source'];

/**
 * @kinetic/jsx's Vite plugin, for the JSX in the repo: the jsx package's own .tsx fixtures and
 * the examples' JSX twins. Loaded from its build when first needed, not imported: this file is
 * loaded before the global setup builds, and importing the plugin would make loading it need
 * a build.
 */
function jsxFixtures() {
  const files = /[\\/](?:packages[\\/]jsx[\\/]test|examples[\\/][^\\/]+[\\/]src)[\\/].+\.tsx$/;
  const built = new URL('./packages/jsx/dist/index.js', import.meta.url).href;
  let plugin: ReturnType<typeof import('./packages/jsx/src/index.js').kineticJsx> | undefined;
  return {
    name: 'kinetic-jsx-fixtures',
    enforce: 'pre' as const,
    async transform(code: string, id: string) {
      if (!files.test(id.split('?', 1)[0] as string)) return undefined;
      const jsx: typeof import('./packages/jsx/src/index.js') = await import(built);
      plugin ??= jsx.kineticJsx({ include: files });
      return plugin.transform(code, id);
    },
  };
}

export default defineConfig({
  plugins: [jsxFixtures()],
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    globalSetup: ['scripts/test/build-first.ts'],
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts', 'cli/kinetic/src/**/*.ts'],
      exclude: ['**/*.test.ts'],
      reporter: ['text-summary', 'json-summary'],
    },
    include: [
      'packages/*/src/**/*.test.ts',
      'cli/**/src/**/*.test.ts',
      'examples/*/src/**/*.test.ts',
      'examples/*/test/**/*.test.ts',
      'scripts/test/**/*.test.ts',
    ],
  },
});
