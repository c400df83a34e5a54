import { defineEntity, p } from '@mikro-orm/core';

export const OUTBOX_TABLE = 'outbox_event';
export const OUTBOX_STATES = ['PENDING', 'DELIVERED', 'PARKED'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * An event an agency's act caused, written in the same transaction as the act
 * (outbox.ts), laid out for Debezium's outbox event router: `id`,
 * `aggregatetype`, `aggregateid`, `type`, `payload` are its default column
 * names, so a deployment with Kafka and Debezium can take delivery over
 * without a code change. The rest is what the embedded relay needs (relay.ts).
 * Listed among the entities of a subgraph that lists EventsOutboxTable among
 * its migrations; the room reads and writes it in SQL of its own.
 */
export const OutboxEventSchema = defineEntity({
  name: 'OutboxEvent',
  tableName: OUTBOX_TABLE,
  properties: {
    id: p.uuid().primary(),
    /** What the event is about, `Trial`; Debezium routes on it (one topic per aggregate type). */
    aggregatetype: p.text(),
    /** Which one, its id; Debezium's message key. */
    aggregateid: p.text(),
    /** A past-tense fact, `VerdictRecorded`. */
    type: p.text(),
    /** Only what the consumer needs, with its `schemaVersion`. */
    payload: p.json(),
    /** The event's place among its aggregate's events, from 1: the consumers apply them in this order. */
    aggregateSeq: p.bigint('number').fieldName('aggregate_seq'),
    /** The sequence of the last earlier event of each type about the aggregate (`{ "ConvictionRecorded": 3 }`): what a consumer of some types waits for. */
    preceding: p.json(),
    occurredAt: p.datetime().fieldName('occurred_at'),
    state: p.enum(OUTBOX_STATES),
    attempts: p.integer().default(0),
    /** When the relay may next take it: after a backoff, or once the lease of a delivery under way runs out. */
    nextAttemptAt: p.datetime().fieldName('next_attempt_at'),
    lastError: p.text().nullable().fieldName('last_error'),
    deliveredAt: p.datetime().nullable().fieldName('delivered_at'),
  },
  indexes: [
    // The relay's poll: the pending events that are due, the earliest due first.
    { name: 'outbox_event_due_index', properties: ['nextAttemptAt'], where: "state = 'PENDING'" },
    // What operators and /metrics ask: the undelivered (pending or parked), oldest first.
    { name: 'outbox_event_undelivered_index', properties: ['occurredAt'], where: "state <> 'DELIVERED'" },
  ],
  uniques: [{ name: 'outbox_event_aggregate_seq_unique', properties: ['aggregatetype', 'aggregateid', 'aggregateSeq'] }],
});
