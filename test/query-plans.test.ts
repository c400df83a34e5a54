import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/index.ts';
import { agencyWorkloads, bodyOf, groupsOf, type Workload } from '#test-kit';
import { fullReads as fullReadsOf, type PlanNode, planOf as planOfStatement, startStack, type RunningStack } from '#test-kit';

/**
 * Issue 5, item 5: the SQL behind the benchmark's workloads (bench/lib/
 * agency-workloads.ts: W1 to W5) reads the large
 * tables through indexes, so its cost does not grow with the register and the
 * case load (at `--scale 500`, a million cases).
 *
 * Every workload request is sent through a stack of its own, whose subgraphs
 * report each SQL statement they issue (text and parameters); each distinct
 * SELECT is then planned by the database that ran it (PGlite, or PostgreSQL
 * with TEST_DATABASE_URL) and the plan is searched for a sequential scan of a
 * large table, or an index read from end to end (no index condition and no
 * LIMIT to stop it), which costs as much.
 *
 * At test scale every table is small enough that PostgreSQL rightly prefers a
 * sequential scan, so plans are made with `SET LOCAL enable_seqscan = off`:
 * the planner then takes any index that can serve the query, and a sequential
 * scan remains only where none can. Hash and merge joins are turned off too,
 * for the same reason: either reads the joined table whole, which at test
 * scale is cheapest, so a join is planned as a nested loop and must find the
 * joined rows through an index (the committee's year statistics, W5, join a
 * year's notifications to the register, a year's hearings to the trials).
 * No time is measured.
 */

/** Reference data, whose size is fixed by the geography: a full read of one is fine. Every other table grows with the cases, the register or use (the audit trails). */
const SMALL_TABLES: ReadonlySet<string> = new Set([
  'crisis_cell',
  'staff_member',
  'special_court',
  'prosecutor',
  'seed_run',
  'mikro_orm_migrations',
]);

interface Statement {
  sql: string;
  params: readonly unknown[];
  /** Which workloads issued it. */
  workloads: Set<string>;
}

const isRead = (sql: string) => /^\s*(select|with)\b/i.test(sql) && !/pg_advisory_xact_lock/i.test(sql);

describe('the SQL of the benchmark workloads reads large tables through indexes', () => {
  let stack: RunningStack;
  let workloads: Workload[];
  const statements: Record<SubgraphName, Map<string, Statement>> = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, new Map()]),
  ) as never;

  beforeAll(async () => {
    // On a copy of the seeded world (scale 1) of its own: PGlite, or PostgreSQL with TEST_DATABASE_URL.
    stack = await startStack({ world: 'seeded', env: { LOG_LEVEL: 'error' } });
    workloads = await agencyWorkloads(1);
    let current = '';
    for (const name of SUBGRAPH_NAMES) {
      stack.subgraphs[name].database.onStatement((sql, params) => {
        if (!current || !isRead(sql)) return;
        const seen = statements[name].get(sql) ?? { sql, params, workloads: new Set<string>() };
        seen.workloads.add(current);
        statements[name].set(sql, seen);
      });
    }
    for (const workload of workloads) {
      current = workload.name;
      const keptByGroup = new Map<string | undefined, Record<string, unknown>>();
      // A write workload's groups (W6's desks, W7's officers) send the same operations on rows of their own:
      // two of them issue every statement all of them do.
      const groups = groupsOf(workload.requests).slice(0, 2);
      const requests = workload.requests.filter((request) => !request.group || groups.includes(request.group));
      for (const request of requests) {
        const kept = keptByGroup.get(request.group) ?? {};
        keptByGroup.set(request.group, kept);
        const response = await fetch(stack.gatewayUrl, { method: 'POST', headers: request.headers, body: bodyOf(request, kept) });
        const answer = (await response.json()) as { data?: unknown; errors?: unknown[] };
        expect(answer.errors, `${workload.name} ${request.label}`).toBeUndefined();
        workload.check(answer.data, request);
        request.keep?.(answer.data, kept);
      }
    }
    current = '';
  });
  afterAll(() => stack?.stop());

  it('captures the statements of every workload on every subgraph it reaches', () => {
    expect(workloads.map((w) => w.name)).toEqual(expect.arrayContaining(['W1', 'W2', 'W3', 'W4']));
    const reached = (workload: string) =>
      SUBGRAPH_NAMES.filter((name) => [...statements[name].values()].some((s) => s.workloads.has(workload)));
    expect(reached('W1')).toEqual([...SUBGRAPH_NAMES]);
    expect(reached('W2')).toEqual(expect.arrayContaining(['cases', 'crisis-cells']));
    expect(reached('W3')).toEqual(['offenders']);
    expect(reached('W4')).toEqual(['crisis-cells']);
    expect(reached('W6')).toEqual(['cases']);
    expect(reached('W7')).toEqual(['offenders']);
  });

  /** The plan the subgraph's database makes for a statement, sequential scans off. */
  const planOf = (name: SubgraphName, sql: string, params: readonly unknown[]) =>
    planOfStatement(stack.subgraphs[name].database, sql, params);
  const fullReads = (plan: PlanNode) => fullReadsOf(plan, SMALL_TABLES);

  it('finds a full read where no index can serve (survivors by age, which nothing looks up)', async () => {
    const byAge = 'select * from "cases"."survivor" where "age_at_incident" = ?';
    expect(fullReads(await planOf('cases', byAge, [30]))).toEqual(['Seq Scan on survivor']);
    expect(fullReads(await planOf('cases', `${byAge} order by "case_id"`, [30]))).toEqual([
      'Index Scan of all of survivor_pkey on survivor',
    ]);
  });

  it.each(SUBGRAPH_NAMES)('plans no full read of a large table in the %s subgraph', async (name) => {
    const problems: string[] = [];
    for (const { sql, params, workloads: by } of statements[name].values()) {
      const reads = fullReads(await planOf(name, sql, params));
      if (reads.length > 0) problems.push(`${[...by].join(', ')}: ${reads.join('; ')}\n    ${sql}`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
