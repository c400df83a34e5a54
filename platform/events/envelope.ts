/**
 * What a mutation emits (outbox.ts) and what a consumer receives (inbox.ts),
 * the same on both transports.
 */

/** An event as a mutation's change returns it: written into the outbox in the mutation's transaction. */
export interface EventToEmit {
  /** A past-tense fact: `ChargeSheetFiled`, `VerdictRecorded`, ... */
  type: string;
  /** What it is about (`Case`, `Trial`), and which one: the order of events is kept per aggregate. */
  aggregateType: string;
  aggregateId: string;
  /** Only what the consumer needs, and the version of its layout. No names or CNICs the consumer does not act on. */
  payload: { schemaVersion: number } & Record<string, unknown>;
}

/** An event as delivered: the outbox row's columns, and where it came from. */
export interface EventEnvelope {
  id: string;
  type: string;
  /** The emitting subgraph. */
  source: string;
  aggregateType: string;
  aggregateId: string;
  /** Its place among its aggregate's events, from 1. */
  sequence: number;
  /** The sequence of the last earlier event of each type about the aggregate: a consumer waits for the greatest among the types it consumes. */
  preceding: Record<string, number>;
  occurredAt: string;
  payload: { schemaVersion: number } & Record<string, unknown>;
}

const TYPE_NAME = /^[A-Z][A-Za-z0-9]{0,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An event type: PascalCase, a NATS subject token as it is. */
export function checkEventType(type: string): string {
  if (!TYPE_NAME.test(type)) throw new Error(`not an event type (PascalCase, at most 64 characters): ${JSON.stringify(type)}`);
  return type;
}

/** The envelope in a received body, or why it is not one. */
export function parseEnvelope(value: unknown): EventEnvelope | string {
  if (value === null || typeof value !== 'object') return 'not an object';
  const event = value as Record<string, unknown>;
  if (typeof event.id !== 'string' || !UUID.test(event.id)) return 'id: not a UUID';
  if (typeof event.type !== 'string' || !TYPE_NAME.test(event.type)) return 'type: not an event type';
  for (const key of ['source', 'aggregateType', 'aggregateId', 'occurredAt'] as const) {
    if (typeof event[key] !== 'string' || event[key] === '') return `${key}: not a string`;
  }
  if (!Number.isSafeInteger(event.sequence) || (event.sequence as number) < 1) return 'sequence: not a positive integer';
  const preceding = event.preceding;
  if (preceding === null || typeof preceding !== 'object' || Object.values(preceding).some((seq) => !Number.isSafeInteger(seq))) {
    return 'preceding: not a map of sequences';
  }
  const payload = event.payload as Record<string, unknown> | null;
  if (payload === null || typeof payload !== 'object' || !Number.isSafeInteger(payload.schemaVersion)) return 'payload: no schemaVersion';
  return event as unknown as EventEnvelope;
}

/** The predecessor a consumer of `types` waits for: the last earlier event of the aggregate of one of those types (0: none). */
export function predecessorFor(event: EventEnvelope, types: ReadonlySet<string>): number {
  let predecessor = 0;
  for (const [type, sequence] of Object.entries(event.preceding)) {
    if (types.has(type) && sequence > predecessor) predecessor = sequence;
  }
  return predecessor;
}
