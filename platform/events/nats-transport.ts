import { connect } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { Logger } from '#service';
import { parseEnvelope, type EventEnvelope } from './envelope.ts';
import type { Inbox } from './inbox.ts';
import { NO_COUNTERS, type EventCounters } from './metrics.ts';
import { backoffMs, type EventSettings } from './settings.ts';
import { reasonOf } from './sql.ts';
import type { EventTransport } from './transport.ts';

type NatsSettings = Pick<
  EventSettings,
  'natsStream' | 'natsSubjectPrefix' | 'natsDuplicateWindowMs' | 'deliveryTimeoutMs' | 'maxAttempts' | 'retryBaseMs' | 'retryMaxMs'
>;
type NatsConnection = Awaited<ReturnType<typeof connect>>;

const nanos = (ms: number) => ms * 1_000_000;

/** The subject an event of `type` is published on. */
export const subjectOf = (settings: Pick<EventSettings, 'natsSubjectPrefix'>, type: string) => `${settings.natsSubjectPrefix}.${type}`;

/** The durable consumer of one consuming subgraph on the stream. */
export const durableNameOf = (subgraph: string) => `events-${subgraph.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/**
 * A connection to NATS_URL that keeps reconnecting for ever (a NATS restart,
 * a dropped connection) and waits for the server if it is not up yet: what
 * was not published meanwhile stays PENDING in the outbox, and is retried.
 */
export function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 250, waitOnFirstConnect: true });
}

/** Creates the stream (`<prefix>.>`, file storage, the duplicate window), or brings an existing one's window and subjects up to date. */
export async function ensureStream(connection: NatsConnection, settings: NatsSettings): Promise<void> {
  const jsm = await jetstreamManager(connection);
  const config = {
    name: settings.natsStream,
    subjects: [`${settings.natsSubjectPrefix}.>`],
    duplicate_window: nanos(settings.natsDuplicateWindowMs),
  };
  try {
    await jsm.streams.info(settings.natsStream);
    await jsm.streams.update(settings.natsStream, { subjects: config.subjects, duplicate_window: config.duplicate_window });
  } catch (error) {
    if (!/not found/i.test(String((error as Error).message))) throw error;
    await jsm.streams.add(config);
  }
}

/**
 * Transport B: each event published on `<prefix>.<type>` with the event id
 * as its message id, so JetStream drops a second copy within its duplicate
 * window (a relay that published and died before marking the row DELIVERED
 * publishes again). Delivered once the stream acknowledged it, stored.
 */
export function natsTransport(options: { connection: NatsConnection; settings: NatsSettings }): EventTransport {
  const { connection, settings } = options;
  const js = jetstream(connection, { timeout: settings.deliveryTimeoutMs });
  let stream: Promise<void> | undefined;
  return {
    kind: 'nats',
    async deliver(event) {
      stream ??= ensureStream(connection, settings).catch((error: unknown) => {
        stream = undefined;
        throw error;
      });
      await stream;
      await js.publish(subjectOf(settings, event.type), JSON.stringify(event), { msgID: event.id, timeout: settings.deliveryTimeoutMs });
    },
    async close() {},
  };
}

/** Publishes an event again under a new message id (an operator's replay of an event a consumer parked): consumers that applied it find it in their inbox. */
export async function republish(connection: NatsConnection, settings: NatsSettings, event: EventEnvelope): Promise<void> {
  await ensureStream(connection, settings);
  await jetstream(connection).publish(subjectOf(settings, event.type), JSON.stringify(event), {
    msgID: `${event.id}:replay:${Date.now()}`,
  });
}

/**
 * The consumer's half of transport B: a durable pull consumer of its own on
 * the stream (durableNameOf), filtered to the types it handles, explicit
 * acknowledgement. Each message is applied through the inbox: applied or a
 * duplicate → ack; deferred or refused → nak with the backoff of its
 * delivery count; refused on its `maxAttempts`-th delivery → parked in the
 * inbox with its reason, and terminated. Survives dropped connections (the
 * client reconnects and the consumer resumes); `stop` ends it.
 */
export async function startNatsConsumer(options: {
  connection: NatsConnection;
  settings: NatsSettings;
  subgraph: string;
  inbox: Inbox;
  logger?: Logger;
  counters?: EventCounters;
}): Promise<{ stop(): Promise<void> }> {
  const { connection, settings, subgraph, inbox, logger } = options;
  const counters = options.counters ?? NO_COUNTERS;
  await ensureStream(connection, settings);
  const jsm = await jetstreamManager(connection);
  const durable = durableNameOf(subgraph);
  // Servers from 2.10 filter on several subjects; before, the consumer takes every type and acknowledges
  // those it does not handle without effect (one type: that subject alone).
  const subjects = inbox.types.map((type) => subjectOf(settings, type));
  const filter =
    subjects.length === 1
      ? { filter_subject: subjects[0] }
      : serverAtLeast(connection.info?.version, 2, 10)
        ? { filter_subjects: subjects }
        : { filter_subject: `${settings.natsSubjectPrefix}.>` };
  const config = {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ...filter,
    ack_wait: nanos(Math.max(settings.deliveryTimeoutMs * 3, 5_000)),
    // The consumer parks an event itself (in its inbox, where an operator sees it); JetStream never drops one.
    max_deliver: -1,
  };
  try {
    await jsm.consumers.info(settings.natsStream, durable);
    await jsm.consumers.update(settings.natsStream, durable, { ...filter, ack_wait: config.ack_wait });
  } catch (error) {
    if (!/not found/i.test(String((error as Error).message))) throw error;
    await jsm.consumers.add(settings.natsStream, config);
  }
  const handled = new Set(inbox.types);
  const consumer = await jetstream(connection).consumers.get(settings.natsStream, durable);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 64 });

  const handle = async (message: JsMsg) => {
    let event: EventEnvelope | string;
    try {
      event = parseEnvelope(message.json());
    } catch {
      event = 'not JSON';
    }
    if (typeof event !== 'string' && !handled.has(event.type)) {
      message.ack();
      return;
    }
    if (typeof event === 'string') {
      logger?.error({ subject: message.subject, reason: event }, 'terminated a message on the events stream that is no event');
      message.term(`not an event: ${event}`);
      return;
    }
    const result = await inbox.apply(event);
    counters.consumed(event.type, result.outcome);
    if (result.outcome === 'applied' || result.outcome === 'duplicate') {
      message.ack();
      return;
    }
    const deliveries = message.info.deliveryCount;
    if (deliveries >= settings.maxAttempts) {
      await inbox.park(event, result.reason);
      counters.parked(event.type, 'inbox');
      logger?.error({ eventId: event.id, type: event.type, deliveries, reason: result.reason }, 'event parked after its last try');
      message.term(result.reason.slice(0, 200));
      return;
    }
    counters.retried(event.type);
    message.nak(backoffMs(settings, deliveries));
  };

  const loop = (async () => {
    for await (const message of messages) {
      try {
        await handle(message);
      } catch (error) {
        // The inbox could not be reached: the message comes back after its backoff.
        logger?.warn({ err: error, subject: message.subject }, 'could not handle an event; it will be redelivered');
        message.nak(backoffMs(settings, message.info.deliveryCount));
      }
    }
  })();
  return {
    async stop() {
      await messages.close();
      await loop.catch((error: unknown) => logger?.warn({ err: reasonOf(error) }, 'the events consumer ended with an error'));
    },
  };
}

function serverAtLeast(version: string | undefined, major: number, minor: number): boolean {
  const [a = 0, b = 0] = (version ?? '0.0').split('.').map(Number);
  return a > major || (a === major && b >= minor);
}
