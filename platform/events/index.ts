/**
 * Events between agencies (DESIGN section 8; docs/events.md), written once
 * for every subgraph: the transactional outbox an emitting subgraph writes in
 * its mutations' transactions, the relay that delivers it (signed internal
 * HTTP by default, NATS JetStream when NATS_URL is set), the inbox that makes
 * a consumer's effect exactly-once and in order per aggregate, the metrics,
 * and what operators do with parked events. A subgraph plugs in by:
 *
 *   - emitting: listing OutboxEventSchema among its entities and, in its
 *     migrations/index.ts, `{ name: 'Migration<timestamp>_events_outbox', class: EventsOutboxTable }`;
 *     its mutations' `change` returns `events` (#mutation writes them);
 *   - consuming: listing InboxEventSchema and `{ name: 'Migration<timestamp>_events_inbox', class: EventsInboxTable }`,
 *     exporting an EventConsumerDeclaration (its name, default port, types)
 *     and its handlers;
 *   - both: adding `events({ handlers, consumers })` to its parts.
 *
 * This file is the public surface; the rest of the folder is internal.
 */
export { checkEventType, type EventEnvelope, type EventToEmit, parseEnvelope, predecessorFor } from './envelope.ts';
export { OUTBOX_STATES, OUTBOX_TABLE, OutboxEventSchema, type OutboxState } from './outbox-event.entity.ts';
export { INBOX_STATES, INBOX_TABLE, InboxEventSchema } from './inbox-event.entity.ts';
export { EventsOutboxTable } from './migrations/outbox-table.ts';
export { EventsInboxTable } from './migrations/inbox-table.ts';
export { envelopeOf, Outbox, type OutboxRow } from './outbox.ts';
export { type ApplyOutcome, type EventHandler, type EventHandlers, Inbox } from './inbox.ts';
export { Relay, type RelayOptions } from './relay.ts';
export type { EventTransport } from './transport.ts';
export {
  consumerUrlVariable,
  type EventConsumer,
  type EventConsumerDeclaration,
  eventReceiver,
  EVENTS_PATH,
  httpTransport,
  resolveConsumers,
} from './http-transport.ts';
export { connectNats, durableNameOf, ensureStream, natsTransport, republish, startNatsConsumer, subjectOf } from './nats-transport.ts';
export { type EventCounters, NO_COUNTERS, registerEventMetrics } from './metrics.ts';
export { listParked, type ParkedEvent, replayParked } from './operators.ts';
export { backoffMs, checkSettings, type EventSettings, eventSettingsFromEnv } from './settings.ts';
export { events, type EventsContext, type EventsPartOptions, type EventWriter } from './part.ts';
