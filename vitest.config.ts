import { defineConfig } from 'vitest/config';

export default defineConfig({
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
          include: ['subgraphs/**/*.test.ts', 'gateway/**/*.test.ts', 'scripts/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          // End to end through the gateway, on one stack started for the whole project.
          name: 'graph',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
