import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from '#service';
import { NO_COUNTERS, type EventCounters } from './metrics.ts';
import { envelopeOf, type OutboxRow } from './outbox.ts';
import { OUTBOX_TABLE } from './outbox-event.entity.ts';
import { backoffMs, type EventSettings } from './settings.ts';
import { reasonOf, sql, tableIn } from './sql.ts';
import type { EventTransport } from './transport.ts';

export interface RelayOptions {
  em: () => EntityManager;
  schema: string;
  /** The emitting subgraph, named on each envelope. */
  source: string;
  transport: EventTransport;
  settings: Pick<EventSettings, 'pollMs' | 'batchSize' | 'maxAttempts' | 'retryBaseMs' | 'retryMaxMs' | 'leaseMs'>;
  logger?: Logger;
  counters?: EventCounters;
}

/**
 * Delivers what the outbox holds (docs/events.md). Each round claims up to
 * `batchSize` due events in one statement — `FOR UPDATE SKIP LOCKED`, so
 * relays of several replicas on one database never claim the same row — and
 * leases them: a claimed event's `next_attempt_at` moves `leaseMs` ahead and
 * its `attempts` up by one, so no other relay takes it while it is being
 * delivered, and any relay takes it again if this one dies. An event is due
 * when it is PENDING, its time has come, and every earlier event about its
 * aggregate is DELIVERED: an aggregate's events leave in order, one at a
 * time, and a parked one holds back those after it (a quash never overtakes
 * its conviction). Delivered → DELIVERED; failed → PENDING again after
 * base · 2^(attempts−1) (at most retryMaxMs), or PARKED with its reason once
 * it has had `maxAttempts` tries.
 */
export class Relay {
  readonly #options: RelayOptions;
  readonly #table: string;
  readonly #counters: EventCounters;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  /** A nudge came during the round under way: its events may have committed after the round claimed, so look again at once. */
  #nudged = false;

  constructor(options: RelayOptions) {
    this.#options = options;
    this.#table = tableIn(options.schema, OUTBOX_TABLE);
    this.#counters = options.counters ?? NO_COUNTERS;
  }

  /** Polls until stopped. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#poll();
  }

  /** Looks now rather than at the next poll (after a commit that emitted). */
  nudge(): void {
    this.#nudged = true;
    this.#wake?.();
  }

  /** Stops polling, once the deliveries under way are done. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
  }

  async #poll(): Promise<void> {
    while (this.#running) {
      let claimed = 0;
      this.#nudged = false;
      try {
        claimed = await this.runOnce();
      } catch (error) {
        this.#options.logger?.warn({ err: error }, 'the event relay could not poll its outbox');
      }
      if (!this.#running) break;
      if (claimed < this.#options.settings.batchSize && !this.#nudged) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.#options.settings.pollMs);
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#wake = undefined;
      }
    }
  }

  /** One round: claims the due events, delivers each (different aggregates, side by side), records each outcome. Returns how many it claimed. */
  async runOnce(): Promise<number> {
    const { settings, em, transport, source } = this.#options;
    const t = this.#table;
    const rows = await sql<OutboxRow>(
      em(),
      `update ${t} as o set "attempts" = o."attempts" + 1, "next_attempt_at" = now() + ? * interval '1 millisecond'
        where o."id" in (
          select c."id" from ${t} as c
           where c."state" = 'PENDING' and c."next_attempt_at" <= now()
             and not exists (select 1 from ${t} as e where e."aggregatetype" = c."aggregatetype" and e."aggregateid" = c."aggregateid"
                              and e."aggregate_seq" < c."aggregate_seq" and e."state" <> 'DELIVERED')
           order by c."next_attempt_at"
           limit ?
           for update skip locked)
        returning o.*`,
      [settings.leaseMs, settings.batchSize],
    );
    await Promise.all(
      rows.map(async (row) => {
        try {
          await transport.deliver(envelopeOf(row, source));
        } catch (error) {
          await this.#failed(row, reasonOf(error));
          return;
        }
        // Counted once the consumer (or the stream) has it, before the row says so: whoever reads the outbox
        // empty then finds the delivery counted. Should the process die in between, the event is delivered
        // again after its lease, and that delivery counts too.
        this.#counters.delivered(row.type, transport.kind);
        await sql(
          em(),
          `update ${t} set "state" = 'DELIVERED', "delivered_at" = now(), "last_error" = null where "id" = ? and "state" = 'PENDING'`,
          [row.id],
        );
      }),
    );
    return rows.length;
  }

  async #failed(row: OutboxRow, reason: string): Promise<void> {
    const { settings, em, logger } = this.#options;
    const park = row.attempts >= settings.maxAttempts;
    await sql(
      em(),
      `update ${this.#table} set "state" = ?, "next_attempt_at" = now() + ? * interval '1 millisecond', "last_error" = ? where "id" = ? and "state" = 'PENDING'`,
      [park ? 'PARKED' : 'PENDING', park ? 0 : backoffMs(settings, row.attempts), reason, row.id],
    );
    if (park) {
      this.#counters.parked(row.type, 'outbox');
      logger?.error({ eventId: row.id, type: row.type, attempts: row.attempts, reason }, 'event parked after its last try');
    } else {
      this.#counters.retried(row.type);
      logger?.warn({ eventId: row.id, type: row.type, attempts: row.attempts, reason }, 'event delivery failed; will retry');
    }
  }
}
