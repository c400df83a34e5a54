import { randomUUID } from 'node:crypto';
import { SQL_STATEMENTS_PATH, type RequestStatements } from '#subgraph';

/**
 * Reads every subgraph's sql_statements_total from its /metrics endpoint:
 * every statement since start, whoever caused it (for a load where nothing
 * else runs; a test's own request is counted by {@link sqlStatementsDuring}).
 */
export async function sqlStatementTotals(subgraphUrls: Record<string, string>): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.entries(subgraphUrls).map(async ([name, url]) => {
      const text = await (await fetch(new URL('/metrics', url))).text();
      const match = /^sql_statements_total\{[^}]*\} (\d+)$/m.exec(text);
      if (!match) throw new Error(`${name} exposes no sql_statements_total`);
      return [name, Number(match[1])] as const;
    }),
  );
  return Object.fromEntries(entries);
}

export interface SqlStatements {
  perSubgraph: Record<string, number>;
  total: number;
}

/**
 * The SQL statements each subgraph issued for the request with this id,
 * however many fetches, refusal reports and purpose checks it made them
 * (the gateway forwards its request id with each); 0 where it never
 * arrived. Read from each subgraph's sql-metrics part, which keeps them
 * outside production only.
 */
export async function sqlStatementsOf(subgraphUrls: Record<string, string>, requestId: string): Promise<SqlStatements> {
  const entries = await Promise.all(
    Object.entries(subgraphUrls).map(async ([name, url]) => {
      const response = await fetch(new URL(`${SQL_STATEMENTS_PATH}?request-id=${encodeURIComponent(requestId)}`, url));
      if (!response.ok)
        throw new Error(
          `${name} keeps no SQL statement counts per request (HTTP ${response.status}): is NODE_ENV production, or its sql-metrics part left out?`,
        );
      return [name, ((await response.json()) as RequestStatements).statements] as const;
    }),
  );
  const perSubgraph = Object.fromEntries(entries);
  return { perSubgraph, total: Object.values(perSubgraph).reduce((sum, n) => sum + n, 0) };
}

/**
 * SQL statements each subgraph issued for one request: `send` is given a
 * fresh request id to send as `x-request-id`, and only what the subgraphs
 * did under that id is counted, whatever else runs on them meanwhile.
 */
export async function sqlStatementsDuring(
  subgraphUrls: Record<string, string>,
  send: (requestId: string) => Promise<unknown>,
): Promise<SqlStatements> {
  const requestId = randomUUID();
  await send(requestId);
  return sqlStatementsOf(subgraphUrls, requestId);
}

/**
 * The sum of a metric's samples on a process's /metrics (0 when it has none yet) whose labels include `labels`:
 * `metricSum(url, 'events_delivered_total', { type: 'ConvictionRecorded' })`.
 */
export async function metricSum(processUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(new URL('/metrics', processUrl))).text();
  let sum = 0;
  for (const match of text.matchAll(new RegExp(`^${name}(?:\\{([^}]*)\\})? (\\S+)$`, 'gm'))) {
    const sample = Object.fromEntries([...(match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]));
    if (Object.entries(labels).every(([key, value]) => sample[key] === value)) sum += Number(match[2]);
  }
  return sum;
}
