import type { EntityManager } from '@mikro-orm/core';
import type { EventEnvelope } from './envelope.ts';
import { INBOX_TABLE } from './inbox-event.entity.ts';
import { OUTBOX_TABLE } from './outbox-event.entity.ts';
import { sql, tableIn } from './sql.ts';

/** A parked event as operators see it: where it waits, and why. Never its payload (it may name people). */
export interface ParkedEvent {
  id: string;
  /** outbox: the relay gave up delivering it; inbox: a NATS consumer gave up applying it. */
  where: 'outbox' | 'inbox';
  type: string;
  aggregateType: string;
  aggregateId: string;
  sequence: number;
  attempts: number | null;
  reason: string | null;
}

const exists = async (em: EntityManager, schema: string, table: string) =>
  (await sql<{ found: string | null }>(em, 'select to_regclass(?)::text as found', [tableIn(schema, table)]))[0]?.found != null;

/** The parked events of one subgraph's schema, in its outbox and its inbox (whichever it has), oldest first. */
export async function listParked(em: EntityManager, schema: string): Promise<ParkedEvent[]> {
  const parked: ParkedEvent[] = [];
  if (await exists(em, schema, OUTBOX_TABLE)) {
    const rows = await sql<Record<string, string>>(
      em,
      `select "id", "type", "aggregatetype", "aggregateid", "aggregate_seq"::text as seq, "attempts", "last_error"
         from ${tableIn(schema, OUTBOX_TABLE)} where "state" = 'PARKED' order by "occurred_at"`,
    );
    for (const row of rows) parked.push(parkedOf(row, 'outbox'));
  }
  if (await exists(em, schema, INBOX_TABLE)) {
    const rows = await sql<Record<string, string>>(
      em,
      `select "event_id" as id, "type", "aggregatetype", "aggregateid", "aggregate_seq"::text as seq, null as attempts, "last_error"
         from ${tableIn(schema, INBOX_TABLE)} where "state" = 'PARKED' order by "aggregatetype", "aggregateid", "aggregate_seq"`,
    );
    for (const row of rows) parked.push(parkedOf(row, 'inbox'));
  }
  return parked;
}

const parkedOf = (row: Record<string, string | number | null>, where: 'outbox' | 'inbox'): ParkedEvent => ({
  id: String(row.id),
  where,
  type: String(row.type),
  aggregateType: String(row.aggregatetype),
  aggregateId: String(row.aggregateid),
  sequence: Number(row.seq),
  attempts: row.attempts === null ? null : Number(row.attempts),
  reason: row.last_error === null ? null : String(row.last_error),
});

/**
 * Replays a parked event, after its cause is fixed. In the outbox: PENDING
 * again, due now, with a fresh count of tries (the relay delivers it, and
 * then the events of its aggregate it held back). In a NATS consumer's
 * inbox: handed to `republish` (the event as delivered), and applied when it
 * comes back. Returns where it was found, or null (no such parked event).
 */
export async function replayParked(
  em: EntityManager,
  schema: string,
  id: string,
  options: { republish?: (event: EventEnvelope) => Promise<void> } = {},
): Promise<'outbox' | 'inbox' | null> {
  if (await exists(em, schema, OUTBOX_TABLE)) {
    const replayed = await sql(
      em,
      `update ${tableIn(schema, OUTBOX_TABLE)} set "state" = 'PENDING', "attempts" = 0, "next_attempt_at" = now() where "id" = ? and "state" = 'PARKED' returning "id"`,
      [id],
    );
    if (replayed.length > 0) return 'outbox';
  }
  if (await exists(em, schema, INBOX_TABLE)) {
    const [row] = await sql<{ envelope: EventEnvelope }>(
      em,
      `select "envelope" from ${tableIn(schema, INBOX_TABLE)} where "event_id" = ? and "state" = 'PARKED'`,
      [id],
    );
    if (row) {
      if (!options.republish) throw new Error(`event ${id} was parked by a NATS consumer: replaying it needs NATS_URL`);
      await options.republish(row.envelope);
      return 'inbox';
    }
  }
  return null;
}
