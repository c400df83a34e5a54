import { defineEntity, p } from '@mikro-orm/core';

export const INBOX_TABLE = 'inbox_event';
export const INBOX_STATES = ['APPLIED', 'PARKED'] as const;

/**
 * An event a consuming subgraph has applied (inbox.ts): its id is recorded in
 * the same transaction as the effect, so a redelivery finds it and changes
 * nothing. Also, on NATS, an event the consumer gave up on after its tries
 * (PARKED, with the event as delivered and why), for an operator to replay.
 * Listed among the entities of a subgraph that lists EventsInboxTable among
 * its migrations; the room reads and writes it in SQL of its own.
 */
export const InboxEventSchema = defineEntity({
  name: 'InboxEvent',
  tableName: INBOX_TABLE,
  properties: {
    eventId: p.uuid().primary().fieldName('event_id'),
    type: p.text(),
    /** The emitting subgraph. */
    source: p.text(),
    aggregatetype: p.text(),
    aggregateid: p.text(),
    aggregateSeq: p.bigint('number').fieldName('aggregate_seq'),
    state: p.enum(INBOX_STATES),
    /** When its effect committed; null while PARKED. */
    appliedAt: p.datetime().nullable().fieldName('applied_at'),
    /** PARKED only: the event as delivered, and why it was given up on. */
    envelope: p.json().nullable(),
    lastError: p.text().nullable().fieldName('last_error'),
  },
  // Which earlier event of an aggregate has been applied (the order check, inbox.ts).
  indexes: [{ name: 'inbox_event_aggregate_index', properties: ['source', 'aggregatetype', 'aggregateid', 'aggregateSeq'] }],
});
