import { defineConfig } from 'vitest/config';

// Tests import the workspace packages from their TypeScript sources (the `@kinetic/source`
// export condition), so they test the code as edited, without a build, and coverage
// credits src/. What cannot come from sources (the CLI run as a child process, the browser
// bundle) is built by the global setup first.
const conditions = ['@kinetic/source'];

export default defineConfig({
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
