import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (main) and ESM (module) builds; Node loads the
    // CommonJS one for Apollo, so tests must too, or `instanceof GraphQLError`
    // fails across the two copies.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          // Unit tests and single-subgraph tests: each starts what it needs.
          name: 'units',
          include: [
            'subgraphs/**/*.test.ts',
            'gateway/**/*.test.ts',
            'scripts/**/*.test.ts',
            'platform/**/*.test.ts',
            'synthetic-world/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          // End to end through the gateway, on one stack started for the whole project.
          name: 'graph',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test-kit/global-setup.ts'],
        },
      },
    ],
  },
});
