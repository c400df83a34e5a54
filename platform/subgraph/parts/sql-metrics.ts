import { Counter } from 'prom-client';
import { countingStatementsOn, type StatementTally } from '#storage';
import type { SubgraphPart } from '../part.ts';

/** Where tests read the SQL statements one request cost a subgraph (never in production). */
export const SQL_STATEMENTS_PATH = '/testing/sql-statements';

/** What {@link SQL_STATEMENTS_PATH} answers for `?request-id=<id>`: 0 for a request id this subgraph has not seen. */
export interface RequestStatements {
  requestId: string;
  statements: number;
}

/** Options of {@link sqlMetrics}. */
export interface SqlMetricsOptions {
  /** Request ids whose counts are kept for tests, the most recent; default 10,000. */
  requestsKept?: number;
}

/**
 * The SQL statements the subgraph sends its database: `sql_statements_total`
 * on /metrics, since start; and, outside production, per request, for tests
 * and benchmarks that check what one request costs while other requests run
 * on the same subgraph. Each request's handling (GraphQL, or a route such as
 * the refusal report) runs with a tally in its async context, kept by the
 * request id the gateway forwards (`x-request-id`), so every gateway fetch
 * and report of one client request adds to the same count. The counts of the
 * most recent `requestsKept` request ids are kept, and read at
 * {@link SQL_STATEMENTS_PATH}; with NODE_ENV=production neither the tallies
 * nor the route exist.
 */
export function sqlMetrics(options: SqlMetricsOptions = {}): SubgraphPart {
  const { requestsKept = 10_000 } = options;
  return {
    name: 'sql-metrics',
    setup: ({ name, database, registry, env }) => {
      new Counter({
        name: 'sql_statements_total',
        help: 'SQL statements this subgraph has sent to its database.',
        labelNames: ['subgraph'],
        registers: [registry],
        // Read when scraped, from the database's own count: nothing to do per statement.
        collect() {
          this.reset();
          this.inc({ subgraph: name }, database.statementCount());
        },
      });
      if (env.NODE_ENV === 'production') return {};

      const tallies = new Map<string, StatementTally>();
      const tallyOf = (requestId: string) => {
        let tally = tallies.get(requestId);
        if (!tally) {
          if (tallies.size >= requestsKept) tallies.delete(tallies.keys().next().value!);
          tallies.set(requestId, (tally = { statements: 0 }));
        }
        return tally;
      };
      return {
        around: ({ requestId }, handle) => countingStatementsOn([tallyOf(requestId)], handle),
        routes: [
          {
            method: 'GET',
            path: SQL_STATEMENTS_PATH,
            handle: async ({ url }) => {
              const requestId = url.searchParams.get('request-id');
              if (!requestId) return { status: 400, body: { error: 'expected ?request-id=<the request id>' } };
              return { status: 200, body: { requestId, statements: tallies.get(requestId)?.statements ?? 0 } satisfies RequestStatements };
            },
          },
        ],
      };
    },
  };
}
