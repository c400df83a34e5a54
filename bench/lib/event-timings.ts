/**
 * When each event of a verdict happened, as the databases recorded it, for
 * `npm run bench:events`: written (the verdict's transaction,
 * `outbox_event.occurred_at`), claimed by the relay (`next_attempt_at` minus
 * the lease, on a first try), marked delivered (`delivered_at`), and applied
 * by its consumer (`inbox_event.applied_at`, the start of the consumer's
 * transaction). One clock: every process and the database run on the same
 * machine. Read once the run's processes have stopped (a PGlite directory
 * has one owner at a time), or at any time on PostgreSQL.
 */
import path from 'node:path';
import { MikroORM as PgliteMikroORM } from '@mikro-orm/pglite';
import { schemaNameFor } from '#storage';
import { sqlOnServer } from '#test-kit';
import type { SubgraphName } from '../../subgraphs/index.ts';
import { summarize } from './stats.ts';
import type { StorageEnv } from './storage.ts';

export interface EventTimes {
  id: string;
  type: 'VerdictRecorded' | 'ConvictionRecorded';
  trialId: string;
  /** Milliseconds since the epoch; null where it did not happen (or was retried, for `claimedAt`). */
  occurredAt: number;
  claimedAt: number | null;
  deliveredAt: number | null;
  /** By the cases subgraph (VerdictRecorded) or the register (ConvictionRecorded). */
  appliedAt: number | null;
}

const CONSUMER: Record<EventTimes['type'], SubgraphName> = { VerdictRecorded: 'cases', ConvictionRecorded: 'offenders' };

/** A statement on one subgraph's database: on PostgreSQL in its schema of the shared database, on PGlite in its own directory. */
async function sqlOn<T>(storage: StorageEnv, subgraph: SubgraphName, sql: string, params: unknown[]): Promise<T[]> {
  const text = sql.replaceAll('$schema', `"${schemaNameFor(subgraph)}"`);
  if ('DATABASE_URL' in storage) return sqlOnServer<T>(storage.DATABASE_URL, text, params);
  const orm = await PgliteMikroORM.init({
    entities: [],
    discovery: { warnWhenNoEntities: false },
    allowGlobalContext: true,
    dbName: path.join(storage.DATA_DIR, subgraph),
  });
  try {
    return (await orm.em.getConnection().execute(text, params)) as T[];
  } finally {
    await orm.close(true);
  }
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const ms = (value: Date | string | null) => (value === null ? null : new Date(value).getTime());

/** The verdict's events of each of these trials, with when each was written, claimed, delivered and applied. */
export async function eventTimes(storage: StorageEnv, trialIds: readonly string[], leaseMs: number): Promise<EventTimes[]> {
  if (trialIds.length === 0) return [];
  const rows = await sqlOn<{
    id: string;
    type: EventTimes['type'];
    trial_id: string;
    occurred_at: Date;
    next_attempt_at: Date;
    attempts: number;
    delivered_at: Date | null;
  }>(
    storage,
    'courts',
    `select "id", "type", "payload"->>'trialId' as trial_id, "occurred_at", "next_attempt_at", "attempts", "delivered_at"
       from $schema."outbox_event"
      where "type" in ('VerdictRecorded', 'ConvictionRecorded') and "payload"->>'trialId' in (${placeholders(trialIds.length)})`,
    [...trialIds],
  );
  const applied = new Map<string, number | null>();
  for (const consumer of ['cases', 'offenders'] as const) {
    const ids = rows.filter((row) => CONSUMER[row.type] === consumer).map((row) => row.id);
    if (ids.length === 0) continue;
    const inbox = await sqlOn<{ event_id: string; applied_at: Date | null }>(
      storage,
      consumer,
      `select "event_id", "applied_at" from $schema."inbox_event" where "event_id" in (${placeholders(ids.length)})`,
      ids,
    );
    for (const row of inbox) applied.set(row.event_id, ms(row.applied_at));
  }
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    trialId: row.trial_id,
    occurredAt: ms(row.occurred_at)!,
    // The claim set next_attempt_at a lease ahead; a retry moved it since.
    claimedAt: Number(row.attempts) === 1 && row.delivered_at ? ms(row.next_attempt_at)! - leaseMs : null,
    deliveredAt: ms(row.delivered_at),
    appliedAt: applied.get(row.id) ?? null,
  }));
}

/**
 * How long after the verdict's transaction began its ConvictionRecorded was
 * claimed by the relay, marked delivered, and applied by the register (the
 * start of the register's transaction): where the delay goes, on the
 * databases' clock.
 */
export function convictionDelays(times: readonly EventTimes[]) {
  const convictions = times.filter((t) => t.type === 'ConvictionRecorded');
  const after = (pick: (t: EventTimes) => number | null) =>
    summarize(convictions.map((t) => (pick(t) === null ? null : pick(t)! - t.occurredAt)).filter((ms) => ms !== null));
  return {
    claimedMs: after((t) => t.claimedAt),
    deliveredMs: after((t) => t.deliveredAt),
    registerAppliedMs: after((t) => t.appliedAt),
  };
}
