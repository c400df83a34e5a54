import type { EntityManager } from '@mikro-orm/core';
import { type EventEnvelope, predecessorFor } from './envelope.ts';
import { INBOX_TABLE } from './inbox-event.entity.ts';
import { sql, tableIn } from './sql.ts';

/**
 * Applies one event's effect, in the consumer's transaction `tx`: its rows
 * are written through `tx` and commit with the inbox's record of the event,
 * or not at all. Throw to refuse the event (it is retried, then parked).
 */
export type EventHandler = (tx: EntityManager, event: EventEnvelope) => Promise<void>;

/** A consuming subgraph's handlers, by event type: which types it consumes. */
export type EventHandlers = Readonly<Record<string, EventHandler>>;

/** What became of a received event. */
export type ApplyOutcome =
  | { outcome: 'applied' }
  /** Applied before: nothing done. */
  | { outcome: 'duplicate' }
  /** An earlier event about its aggregate (of a type this consumer handles) is not applied yet: try later. */
  | { outcome: 'deferred'; reason: string }
  /** No handler, or the handler refused it (rolled back): try later, then park. */
  | { outcome: 'failed'; reason: string };

class Deferred extends Error {}

/**
 * The inbox of one consuming subgraph (EventsInboxTable): `apply(event)`
 * runs the event's handler and records the event's id in one transaction,
 * so an event is applied once however often it is delivered, and by one
 * replica however many receive it at once (the second waits on the first's
 * primary-key lock, then finds it APPLIED).
 *
 * Order: each event names, per type, the last earlier event about its
 * aggregate (`preceding`). The consumer waits for the greatest of those
 * among the types it handles: until that one is APPLIED here, the event is
 * deferred (rolled back, retried later). So a consumer of ConvictionRecorded
 * and ConvictionQuashed never applies a quash before its conviction, and is
 * not held up by types it does not consume.
 */
export class Inbox {
  readonly #em: () => EntityManager;
  readonly #table: string;
  readonly #handlers: EventHandlers;
  readonly #types: ReadonlySet<string>;

  constructor(options: { em: () => EntityManager; schema: string; handlers: EventHandlers }) {
    this.#em = options.em;
    this.#table = tableIn(options.schema, INBOX_TABLE);
    this.#handlers = options.handlers;
    this.#types = new Set(Object.keys(options.handlers));
  }

  /** The types this consumer handles. */
  get types(): readonly string[] {
    return [...this.#types];
  }

  async apply(event: EventEnvelope): Promise<ApplyOutcome> {
    const handler = Object.hasOwn(this.#handlers, event.type) ? this.#handlers[event.type] : undefined;
    if (!handler) return { outcome: 'failed', reason: `no handler for ${event.type} here` };
    try {
      return await this.#em().transactional(async (tx) => {
        // The claim first: a second replica with the same event waits here until this one commits or rolls back.
        const claimed = await sql(
          tx,
          `insert into ${this.#table} ("event_id", "type", "source", "aggregatetype", "aggregateid", "aggregate_seq", "state", "applied_at")
           values (?, ?, ?, ?, ?, ?, 'APPLIED', now())
           on conflict ("event_id") do update set "state" = 'APPLIED', "applied_at" = now(), "envelope" = null, "last_error" = null
             where ${this.#table}."state" = 'PARKED'
           returning "event_id"`,
          [event.id, event.type, event.source, event.aggregateType, event.aggregateId, event.sequence],
        );
        if (claimed.length === 0) return { outcome: 'duplicate' } as const;
        const predecessor = predecessorFor(event, this.#types);
        if (predecessor > 0) {
          const found = await sql(
            tx,
            `select 1 from ${this.#table} where "source" = ? and "aggregatetype" = ? and "aggregateid" = ? and "aggregate_seq" = ? and "state" = 'APPLIED'`,
            [event.source, event.aggregateType, event.aggregateId, predecessor],
          );
          if (found.length === 0) throw new Deferred(`waits for event ${predecessor} of ${event.aggregateType} ${event.aggregateId}`);
        }
        await handler(tx, event);
        await tx.flush();
        return { outcome: 'applied' } as const;
      });
    } catch (error) {
      if (error instanceof Deferred) return { outcome: 'deferred', reason: error.message };
      return { outcome: 'failed', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Records an event this consumer gives up on (NATS, after its last try), with why, for an operator to replay. */
  async park(event: EventEnvelope, reason: string): Promise<void> {
    await sql(
      this.#em(),
      `insert into ${this.#table} ("event_id", "type", "source", "aggregatetype", "aggregateid", "aggregate_seq", "state", "envelope", "last_error")
       values (?, ?, ?, ?, ?, ?, 'PARKED', cast(? as jsonb), ?)
       on conflict ("event_id") do update set "envelope" = excluded."envelope", "last_error" = excluded."last_error"
         where ${this.#table}."state" = 'PARKED'`,
      [event.id, event.type, event.source, event.aggregateType, event.aggregateId, event.sequence, JSON.stringify(event), reason],
    );
  }
}
