/** Reads every subgraph's sql_statements_total from its /metrics endpoint. */
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

/** SQL statements each subgraph issued while `action` ran (tests run one request at a time). */
export async function sqlStatementsDuring(subgraphUrls: Record<string, string>, action: () => Promise<unknown>) {
  const before = await sqlStatementTotals(subgraphUrls);
  await action();
  const after = await sqlStatementTotals(subgraphUrls);
  const perSubgraph = Object.fromEntries(Object.keys(after).map((name) => [name, after[name]! - before[name]!]));
  return { perSubgraph, total: Object.values(perSubgraph).reduce((sum, n) => sum + n, 0) };
}
