import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * SQL statements counted for one piece of work (a request), wherever its
 * async work goes: every statement any database of this process issues while
 * a tally is in scope adds one to it. What counts the statements of one
 * request for the tests, which read them by request id (the subgraph's
 * sql-metrics part), while other requests run on the same databases.
 */
export interface StatementTally {
  statements: number;
}

const NONE: readonly StatementTally[] = Object.freeze([]);
const inScope = new AsyncLocalStorage<readonly StatementTally[]>();

/** Runs `work` with every statement it issues, through all its async work, counted on each of `tallies` (and no other). */
export function countingStatementsOn<T>(tallies: readonly StatementTally[], work: () => T): T {
  return inScope.run(tallies, work);
}

/**
 * The tallies counting here: for work done later on behalf of this request
 * (a write shared with other requests counts for each of them).
 */
export function talliesInScope(): readonly StatementTally[] {
  return inScope.getStore() ?? NONE;
}

/** One statement issued: called by the database for each (MikroORM's onQuery runs in the query's async context). */
export function countStatement(): void {
  const tallies = inScope.getStore();
  if (tallies) for (const tally of tallies) tally.statements += 1;
}
