import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EntityManager, MigrationObject } from '@mikro-orm/core';
import type { IncomingRequest, PlainResponse } from '#service';
import { openSubgraphDatabase, type StorageLocation, type SubgraphDatabase } from '#storage';
import { type EventHandlers, EventsInboxTable, EventsOutboxTable, InboxEventSchema, OutboxEventSchema } from '../index.ts';

export const SECRET = 'events-test-secret-0123456789abcdef0123456789';

export const EMITTER_MIGRATIONS: MigrationObject[] = [{ name: 'Migration20261206170000_events_outbox', class: EventsOutboxTable }];
export const CONSUMER_MIGRATIONS: MigrationObject[] = [{ name: 'Migration20261206170001_events_inbox', class: EventsInboxTable }];

/** A migrated database of a toy emitter or consumer, with a table of its own for the effects (`toy_effect`). */
export async function openToyDatabase(subgraph: string, storage: StorageLocation, side: 'emitter' | 'consumer'): Promise<SubgraphDatabase> {
  const database = await openSubgraphDatabase(
    {
      subgraph,
      entities: [side === 'emitter' ? OutboxEventSchema : InboxEventSchema],
      migrations: side === 'emitter' ? EMITTER_MIGRATIONS : CONSUMER_MIGRATIONS,
      loadSeeder: () => Promise.reject(new Error('nothing to seed')),
    },
    storage,
  );
  await database.migrate();
  await database
    .fork()
    .getConnection()
    .execute(
      `create table if not exists "${database.schema}"."toy_effect" ("event_id" uuid not null, "aggregate" text not null, "value" text not null)`,
    );
  return database;
}

export const rows = async <T = Record<string, unknown>>(database: SubgraphDatabase, text: string, params: unknown[] = []) =>
  (await database.fork().getConnection().execute(text, params)) as T[];

/** A consumer's events endpoint on a real HTTP server, counting the deliveries of each event and how many ran at once. */
export interface ToyServer {
  url: string;
  port: number;
  deliveries: Map<string, number>;
  /** The most deliveries of one event that were under way at the same time. */
  maxConcurrentPerEvent(): number;
  close(): Promise<void>;
}

export async function startToyServer(handle: (request: IncomingRequest) => Promise<PlainResponse>, port = 0): Promise<ToyServer> {
  const deliveries = new Map<string, number>();
  const inFlight = new Map<string, number>();
  let maxConcurrent = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const id = String(req.headers['x-event-id'] ?? '');
      deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
      inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
      maxConcurrent = Math.max(maxConcurrent, inFlight.get(id)!);
      try {
        const answer = await handle({
          headers: req.headers,
          requestId: 'toy',
          rawBody: Buffer.concat(chunks),
          url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        });
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body ?? {}));
      } finally {
        inFlight.set(id, inFlight.get(id)! - 1);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/internal/events`,
    port: bound,
    deliveries,
    maxConcurrentPerEvent: () => maxConcurrent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The toy consumer's one handler: a row in its `toy_effect` per event applied, in the inbox's transaction;
 * an event whose value is 'poison' refused while `refusesPoison()` says so.
 */
export const toyHandlers = (schema: () => string, refusesPoison: () => boolean = () => false): EventHandlers => ({
  ToyHappened: async (tx: EntityManager, event) => {
    if (event.payload.value === 'poison' && refusesPoison()) throw new Error('the toy consumer refuses poison');
    await tx
      .getConnection()
      .execute(
        `insert into "${schema()}"."toy_effect" (event_id, aggregate, value) values (?, ?, ?)`,
        [event.id, event.aggregateId, String(event.payload.value)],
        'run',
        tx.getTransactionContext(),
      );
  },
});
