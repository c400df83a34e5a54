import { Counter, Gauge, type Registry } from 'prom-client';
import type { EntityManager } from '@mikro-orm/core';
import { OUTBOX_TABLE } from './outbox-event.entity.ts';
import { INBOX_TABLE } from './inbox-event.entity.ts';
import { sql, tableIn } from './sql.ts';

/** What the relay and the consumers count, per event type, on the service's registry (/metrics). */
export interface EventCounters {
  delivered(type: string, transport: string): void;
  retried(type: string): void;
  parked(type: string, where: 'outbox' | 'inbox'): void;
  consumed(type: string, outcome: 'applied' | 'duplicate' | 'deferred' | 'failed'): void;
}

export const NO_COUNTERS: EventCounters = { delivered() {}, retried() {}, parked() {}, consumed() {} };

/**
 * Registers the events' metrics on `registry` for subgraph `subgraph`:
 * counters since start (`events_delivered_total`, `events_retries_total`,
 * `events_parked_total`, `events_consumed_total`) and, read from the
 * database when scraped, gauges of the outbox (`events_pending`,
 * `events_parked`, `events_oldest_undelivered_seconds`) and of the inbox's
 * parked events (`events_inbox_parked`). One label set per event type: the
 * flows are few and fixed, so the series are too.
 */
export function registerEventMetrics(options: {
  registry: Registry;
  subgraph: string;
  em: () => EntityManager;
  schema: string;
  outbox: boolean;
  inbox: boolean;
}): EventCounters {
  const { registry, subgraph, em, schema } = options;
  const registers = [registry];
  const delivered = new Counter({
    name: 'events_delivered_total',
    help: 'Events the relay delivered (to every consumer over HTTP, or into the NATS stream), by type.',
    labelNames: ['subgraph', 'type', 'transport'],
    registers,
  });
  const retries = new Counter({
    name: 'events_retries_total',
    help: 'Failed deliveries of events that will be tried again, by type.',
    labelNames: ['subgraph', 'type'],
    registers,
  });
  const parked = new Counter({
    name: 'events_parked_total',
    help: 'Events parked after their last try, by type and where (outbox: the relay; inbox: a NATS consumer).',
    labelNames: ['subgraph', 'type', 'where'],
    registers,
  });
  const consumed = new Counter({
    name: 'events_consumed_total',
    help: 'Events received by this consumer, by type and outcome (applied, duplicate, deferred: its predecessor not yet applied, failed).',
    labelNames: ['subgraph', 'type', 'outcome'],
    registers,
  });
  if (options.outbox) {
    const table = tableIn(schema, OUTBOX_TABLE);
    let reading: Promise<{ type: string; state: string; n: number; oldest: number }[]> | undefined;
    // One query per scrape for the three gauges.
    const read = () =>
      (reading ??= sql<{ type: string; state: string; n: string; oldest: string }>(
        em(),
        `select "type", "state", count(*)::text as n, extract(epoch from now() - min("occurred_at"))::text as oldest
           from ${table} where "state" <> 'DELIVERED' group by "type", "state"`,
      )
        .then((rows) => rows.map((row) => ({ type: row.type, state: row.state, n: Number(row.n), oldest: Number(row.oldest) })))
        .finally(() => setTimeout(() => (reading = undefined), 0)));
    new Gauge({
      name: 'events_pending',
      help: 'Events in the outbox not yet delivered (not parked), by type.',
      labelNames: ['subgraph', 'type'],
      registers,
      async collect() {
        this.reset();
        for (const row of await read()) if (row.state === 'PENDING') this.set({ subgraph, type: row.type }, row.n);
      },
    });
    new Gauge({
      name: 'events_parked',
      help: 'Events parked in the outbox, waiting for an operator, by type.',
      labelNames: ['subgraph', 'type'],
      registers,
      async collect() {
        this.reset();
        for (const row of await read()) if (row.state === 'PARKED') this.set({ subgraph, type: row.type }, row.n);
      },
    });
    new Gauge({
      name: 'events_oldest_undelivered_seconds',
      help: 'Age of the oldest event in the outbox not yet delivered (pending or parked), by type.',
      labelNames: ['subgraph', 'type'],
      registers,
      async collect() {
        this.reset();
        const oldest = new Map<string, number>();
        for (const row of await read()) oldest.set(row.type, Math.max(oldest.get(row.type) ?? 0, row.oldest));
        for (const [type, seconds] of oldest) this.set({ subgraph, type }, seconds);
      },
    });
  }
  if (options.inbox) {
    const table = tableIn(schema, INBOX_TABLE);
    new Gauge({
      name: 'events_inbox_parked',
      help: 'Events this consumer gave up on (NATS), waiting for an operator, by type.',
      labelNames: ['subgraph', 'type'],
      registers,
      async collect() {
        this.reset();
        const rows = await sql<{ type: string; n: string }>(
          em(),
          `select "type", count(*)::text as n from ${table} where "state" = 'PARKED' group by "type"`,
        );
        for (const row of rows) this.set({ subgraph, type: row.type }, Number(row.n));
      },
    });
  }
  return {
    delivered: (type, transport) => delivered.inc({ subgraph, type, transport }),
    retried: (type) => retries.inc({ subgraph, type }),
    parked: (type, where) => parked.inc({ subgraph, type, where }),
    consumed: (type, outcome) => consumed.inc({ subgraph, type, outcome }),
  };
}
