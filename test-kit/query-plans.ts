/**
 * What PostgreSQL plans for a statement, made as the plan tests need it:
 * sequential scans and hash and merge joins off, so the planner takes any
 * index that can serve and a full read remains only where none can.
 */
import type { SubgraphDatabase } from '#storage';

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

export const planOf = (database: SubgraphDatabase, sql: string, params: readonly unknown[]): Promise<PlanNode> =>
  database.fork().transactional(async (tx) => {
    const connection = tx.getConnection();
    const context = tx.getTransactionContext();
    for (const method of ['seqscan', 'hashjoin', 'mergejoin'])
      await connection.execute(`set local enable_${method} = off`, [], 'run', context);
    const [row] = await connection.execute<Record<string, unknown>[]>(`explain (format json) ${sql}`, [...params], 'all', context);
    const json = Object.values(row!)[0];
    return ((typeof json === 'string' ? JSON.parse(json) : json) as [{ Plan: PlanNode }])[0].Plan;
  });

/** Scans that read a whole table, or a whole index with no LIMIT to stop them; tables in `ignored` left out. */
export function fullReads(plan: PlanNode, ignored: ReadonlySet<string> = new Set(), underLimit = false): string[] {
  const found: string[] = [];
  const table = plan['Relation Name'];
  if (table && !ignored.has(table)) {
    if (plan['Node Type'] === 'Seq Scan') found.push(`Seq Scan on ${table}`);
    if ((plan['Node Type'] === 'Index Scan' || plan['Node Type'] === 'Index Only Scan') && !plan['Index Cond'] && !underLimit) {
      found.push(`${plan['Node Type']} of all of ${plan['Index Name']} on ${table}`);
    }
  }
  const limited = underLimit || plan['Node Type'] === 'Limit';
  for (const child of plan.Plans ?? []) found.push(...fullReads(child, ignored, limited));
  return found;
}
