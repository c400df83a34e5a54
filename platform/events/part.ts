import type { EntityManager, MigrationObject } from '@mikro-orm/core';
import type { SubgraphPart } from '#subgraph';
import type { EventToEmit } from './envelope.ts';
import { eventReceiver, EVENTS_PATH, type EventConsumerDeclaration, httpTransport, resolveConsumers } from './http-transport.ts';
import { type EventHandlers, Inbox } from './inbox.ts';
import { registerEventMetrics } from './metrics.ts';
import { EventsInboxTable } from './migrations/inbox-table.ts';
import { EventsOutboxTable } from './migrations/outbox-table.ts';
import { connectNats, natsTransport, startNatsConsumer } from './nats-transport.ts';
import { Outbox } from './outbox.ts';
import { Relay } from './relay.ts';
import { type EventSettings, eventSettingsFromEnv } from './settings.ts';
import type { EventTransport } from './transport.ts';

/** Options of {@link events}. */
export interface EventsPartOptions {
  /** What this subgraph consumes: a handler per event type (it lists EventsInboxTable among its migrations). */
  handlers?: EventHandlers;
  /**
   * Who consumes what this subgraph emits (it lists EventsOutboxTable): each
   * consumer's own declaration, for the embedded HTTP transport. Not needed
   * on NATS, where consumers subscribe themselves.
   */
  consumers?: readonly EventConsumerDeclaration[];
  /** Default: from the environment (eventSettingsFromEnv). */
  settings?: EventSettings;
}

/** What the part adds to a request's context: where a mutation writes the events its change caused (#mutation's pipeline does). */
export interface EventsContext {
  outbox: EventWriter;
}

/** The outbox as the mutation pipeline sees it. */
export interface EventWriter {
  writeWithin(tx: EntityManager, events: readonly EventToEmit[]): Promise<unknown>;
  /** Called once the transaction that wrote events committed: the relay looks now. */
  committed?(): void;
}

const lists = (migrations: readonly unknown[], table: unknown) =>
  migrations.some((migration) => typeof migration === 'object' && (migration as MigrationObject).class === table);

/**
 * Events between agencies (DESIGN section 8, docs/events.md) for one
 * subgraph. A subgraph that lists EventsOutboxTable among its migrations
 * emits: its requests' context gets `outbox` (the mutation pipeline writes
 * what a change returns in `events` there, in the mutation's transaction)
 * and a relay delivers the outbox, over signed HTTP to the declared
 * `consumers`, or into NATS JetStream when NATS_URL is set. A subgraph that
 * lists EventsInboxTable and has `handlers` consumes: it answers EVENTS_PATH
 * (signed HTTP) and, with NATS_URL, runs its durable consumer. Both add the
 * events' metrics to /metrics.
 */
export function events(options: EventsPartOptions = {}): SubgraphPart {
  return {
    name: 'events',
    setup: async ({ name, definition, database, env, logger, registry, signing }) => {
      const settings = options.settings ?? eventSettingsFromEnv(env);
      const emits = lists(definition.database.migrations, EventsOutboxTable);
      const handlers = options.handlers ?? {};
      const consumes = Object.keys(handlers).length > 0;
      if (consumes && !lists(definition.database.migrations, EventsInboxTable)) {
        throw new Error(`subgraph ${name} handles events but does not list EventsInboxTable among its migrations`);
      }
      if (options.consumers?.length && !emits) {
        throw new Error(`subgraph ${name} names consumers of its events but does not list EventsOutboxTable among its migrations`);
      }
      if (!emits && !consumes) return {};
      const em = () => database.fork();
      const counters = registerEventMetrics({ registry, subgraph: name, em, schema: database.schema, outbox: emits, inbox: consumes });
      const connection = settings.natsUrl ? await connectNats(settings.natsUrl, `subgraph-${name}`) : undefined;
      const stops: (() => Promise<void>)[] = [];
      let context: (() => EventsContext) | undefined;
      let relay: Relay | undefined;
      if (emits) {
        const transport: EventTransport = connection
          ? natsTransport({ connection, settings })
          : httpTransport({ consumers: resolveConsumers(options.consumers ?? [], env), signing, timeoutMs: settings.deliveryTimeoutMs });
        const outbox = new Outbox({ schema: database.schema, source: name });
        relay = new Relay({ em, schema: database.schema, source: name, transport, settings, logger, counters });
        const writer: EventWriter = {
          writeWithin: (tx, emitted) => outbox.writeWithin(tx, emitted),
          committed: () => (settings.relay !== false ? relay?.nudge() : undefined),
        };
        context = () => ({ outbox: writer });
        stops.push(
          () => relay!.stop(),
          () => transport.close(),
        );
      }
      const inbox = consumes ? new Inbox({ em, schema: database.schema, handlers }) : undefined;
      return {
        ...(context ? { context } : {}),
        ...(inbox
          ? { routes: [{ method: 'POST' as const, path: EVENTS_PATH, handle: eventReceiver({ inbox, signing, logger, counters }) }] }
          : {}),
        start() {
          if (settings.relay !== false) relay?.start();
          if (inbox && connection) {
            // In the background: the subgraph serves meanwhile; events wait in the stream.
            void startNatsConsumer({ connection, settings, subgraph: name, inbox, logger, counters }).then(
              (consumer) => stops.unshift(() => consumer.stop()),
              (error: unknown) => logger.error({ err: error }, 'could not start the NATS events consumer'),
            );
          }
        },
        async stop() {
          for (const stop of stops) await stop();
          await connection?.drain().catch(() => connection.close());
        },
      };
    },
  };
}
