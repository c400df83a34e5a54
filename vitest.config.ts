import { createRequire } from 'node:module';
import { configDefaults, defineConfig } from 'vitest/config';
// biome-ignore lint/style/noRestrictedImports: the config reads one import-free file; '#test-kit' would load the whole kit (Apollo, MikroORM) into vitest's own process.
import { GENEROUS_RATE_LIMITS } from './test-kit/rate-limits.ts';

const require = createRequire(import.meta.url);

/**
 * Where the tests that touch a database live: a `test/` folder, the graph's
 * own (end to end, through the gateway) or a subgraph's, room's or script's.
 * They run on PGlite, and again on PostgreSQL when TEST_DATABASE_URL is set
 * (`--project database --project graph`). Every other test sits beside the
 * code it tests, touches no database and runs once: the `unit` project makes
 * opening one fail.
 */
const GRAPH_TESTS = 'test/**/*.test.ts';
const DATABASE_TESTS = '**/test/**/*.test.ts';

/**
 * Database tests left out of the PostgreSQL run, each with its reason (they ran on PGlite alone before):
 * - the register's resolver tests: on PostgreSQL, `_entities` by id and by CNIC can send the
 *   notifications query twice, when the two lookups answer in different ticks (10 statements for 10
 *   keys, 9 for 200), so their exact statement counts hold on PGlite only.
 */
const PGLITE_ONLY = ['subgraphs/offenders/test/register.test.ts'];
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/**
 * Graph tests whose subject is the same whichever database the subgraphs run on: the gateway's own
 * checks (limits, trusted documents, request signing, a subgraph's faults, graphql-cop's probes), the
 * pages a browser loads, the development identities, the README's examples on the same seeded world;
 * and the fuzzer, whose subject is what the gateway and the subgraphs' argument checks let through
 * (every malformed value is refused before SQL).
 * `npm test` runs them; CI, which runs the suite twice, runs them in its PostgreSQL pass only and
 * leaves them out of its PGlite pass with TEST_STORAGE_INDEPENDENT=elsewhere (`.ci/run`). The tests
 * that exercise SQL, storage or drivers (writes, events, lookups, rate limits on Redis, `npm start`,
 * and the query plans: PGlite is PostgreSQL 18, a server may be older, and their planners differ) are
 * not here and run in both.
 */
const STORAGE_INDEPENDENT = [
  'test/dashboard.test.ts',
  'test/dev-identities.test.ts',
  'test/explorer.test.ts',
  'test/fuzz.test.ts',
  'test/graphql-attacks.test.ts',
  'test/operation-limits.test.ts',
  'test/policy-in-docs.test.ts',
  'test/readme-examples.test.ts',
  'test/request-signing.test.ts',
  'test/subgraph-faults.test.ts',
  'test/trusted-documents.test.ts',
];
const storageIndependentElsewhere = process.env.TEST_STORAGE_INDEPENDENT === 'elsewhere';
if (storageIndependentElsewhere && onPostgres) throw new Error('TEST_STORAGE_INDEPENDENT=elsewhere is for the PGlite pass');

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (main) and ESM (module) builds; Node loads the
    // CommonJS one for Apollo, so tests must too, or `instanceof GraphQLError`
    // fails across the two copies.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    // Gateways built from process.env in tests: budgets the suite's own traffic never spends (test-kit/rate-limits.ts).
    env: { ...GENEROUS_RATE_LIMITS },
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Test files share a worker and the modules it has loaded (Apollo, MikroORM, PGlite...), instead of
    // loading them again for each file: that halves the suite's CPU. So a test file leaves no state
    // behind (it stops what it starts, restores real timers, changes no process.env).
    isolate: false,
    projects: [
      {
        extends: true,
        test: {
          // Beside the code they test; no database.
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...configDefaults.exclude, GRAPH_TESTS, DATABASE_TESTS],
          setupFiles: ['test-kit/no-database.ts'],
        },
      },
      {
        extends: true,
        test: {
          // A subgraph, script or SQL on a database of its own each: copies of the run's seeded (or migrated) templates.
          name: 'database',
          include: [DATABASE_TESTS],
          exclude: [...configDefaults.exclude, GRAPH_TESTS, ...(onPostgres ? PGLITE_ONLY : [])],
          globalSetup: ['test-kit/templates-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          // End to end through the gateway, on one stack started for the whole project (and the run's templates).
          name: 'graph',
          include: [GRAPH_TESTS],
          exclude: [
            ...configDefaults.exclude,
            ...(onPostgres ? PGLITE_ONLY : []),
            ...(storageIndependentElsewhere ? STORAGE_INDEPENDENT : []),
          ],
          globalSetup: ['test-kit/global-setup.ts'],
        },
      },
    ],
  },
});
