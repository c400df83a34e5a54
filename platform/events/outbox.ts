import type { EntityManager } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { checkEventType, type EventEnvelope, type EventToEmit } from './envelope.ts';
import { OUTBOX_TABLE, type OutboxState } from './outbox-event.entity.ts';
import { sql, tableIn } from './sql.ts';

/** A row of the outbox as the relay and the operators read it. */
export interface OutboxRow {
  id: string;
  aggregatetype: string;
  aggregateid: string;
  type: string;
  payload: EventEnvelope['payload'];
  aggregate_seq: string | number;
  preceding: Record<string, number>;
  occurred_at: Date | string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: Date | string;
  last_error: string | null;
  delivered_at: Date | string | null;
}

/**
 * The outbox of one emitting subgraph, in its schema (EventsOutboxTable).
 * `writeWithin(tx, events)` writes the events a mutation's change caused in
 * the mutation's own transaction: they commit with the change, or not at all.
 * One INSERT per event, whatever the table holds: the event's sequence among
 * its aggregate's events and the last sequence of each earlier type (what the
 * consumers order by, docs/events.md) are read in the same statement, off the
 * unique (aggregatetype, aggregateid, aggregate_seq) index. Two transactions
 * emitting for one aggregate at once (which the mutation's row lock normally
 * prevents) cannot both take a sequence: the second's commit is refused by
 * that index, as a conflict.
 */
export class Outbox {
  readonly source: string;
  readonly #table: string;

  constructor(options: { schema: string; source: string }) {
    this.#table = tableIn(options.schema, OUTBOX_TABLE);
    this.source = options.source;
  }

  /** Writes the events in `tx` (a transaction), in order; returns their ids. */
  async writeWithin(tx: EntityManager, events: readonly EventToEmit[]): Promise<string[]> {
    const ids: string[] = [];
    for (const event of events) {
      checkEventType(event.type);
      if (!Number.isSafeInteger(event.payload?.schemaVersion)) throw new Error(`the payload of ${event.type} carries no schemaVersion`);
      const id = randomUUID();
      const t = this.#table;
      await sql(
        tx,
        `insert into ${t} ("id", "aggregatetype", "aggregateid", "type", "payload", "aggregate_seq", "preceding", "occurred_at", "state", "attempts", "next_attempt_at")
         select ?, ?, ?, ?, cast(? as jsonb),
           coalesce((select max(e."aggregate_seq") from ${t} e where e."aggregatetype" = ? and e."aggregateid" = ?), 0) + 1,
           coalesce((select jsonb_object_agg(last."type", last.seq) from (select e."type", max(e."aggregate_seq") as seq from ${t} e where e."aggregatetype" = ? and e."aggregateid" = ? group by e."type") last), '{}'::jsonb),
           now(), 'PENDING', 0, now()`,
        [
          id,
          event.aggregateType,
          event.aggregateId,
          event.type,
          JSON.stringify(event.payload),
          event.aggregateType,
          event.aggregateId,
          event.aggregateType,
          event.aggregateId,
        ],
      );
      ids.push(id);
    }
    return ids;
  }
}

/** The envelope a row is delivered as. */
export function envelopeOf(row: OutboxRow, source: string): EventEnvelope {
  return {
    id: row.id,
    type: row.type,
    source,
    aggregateType: row.aggregatetype,
    aggregateId: row.aggregateid,
    sequence: Number(row.aggregate_seq),
    preceding: row.preceding,
    occurredAt: new Date(row.occurred_at).toISOString(),
    payload: row.payload,
  };
}
