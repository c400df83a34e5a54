import { Counter } from 'prom-client';
import type { SubgraphPart } from '../part.ts';

/** Options of {@link sqlMetrics}. */
export type SqlMetricsOptions = Record<string, never>;

/** The SQL statements the subgraph sends its database: `sql_statements_total` on /metrics, since start. */
export function sqlMetrics(_options: SqlMetricsOptions = {}): SubgraphPart {
  return {
    name: 'sql-metrics',
    setup: ({ name, database, registry }) => {
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
      return {};
    },
  };
}
