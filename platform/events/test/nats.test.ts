import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubgraphDatabase } from '#storage';
import { isolatedStorage, type IsolatedStorage, startTcpProxy } from '#test-kit';
import {
  checkSettings,
  connectNats,
  type EventEnvelope,
  type EventSettings,
  Inbox,
  listParked,
  natsTransport,
  Outbox,
  Relay,
  replayParked,
  republish,
  startNatsConsumer,
} from '../index.ts';
import { openToyDatabase, rows, toyHandlers, waitFor } from './helpers.ts';

// The relay and the consumers on NATS JetStream (NATS_URL; CI sets it), a
// stream and subjects of this run's own, so parallel runs do not meet.

const NATS_URL = process.env.NATS_URL;
const run = randomUUID().slice(0, 8);
const SETTINGS: EventSettings = checkSettings({
  pollMs: 20,
  batchSize: 50,
  maxAttempts: 3,
  retryBaseMs: 30,
  retryMaxMs: 200,
  deliveryTimeoutMs: 2_000,
  leaseMs: 5_000,
  natsUrl: NATS_URL,
  natsStream: `EVENTS_TEST_${run}`,
  natsSubjectPrefix: `test.${run}.events`,
  natsDuplicateWindowMs: 60_000,
});

type Connection = Awaited<ReturnType<typeof connectNats>>;

describe.skipIf(!NATS_URL)('events on NATS JetStream', () => {
  let isolated: IsolatedStorage;
  let emitter: SubgraphDatabase;
  let consumer: SubgraphDatabase;
  let admin: Connection;
  let refusePoison = true;
  const connections: Connection[] = [];

  const handlers = toyHandlers(
    () => consumer.schema,
    () => refusePoison,
  );
  const inbox = () => new Inbox({ em: () => consumer.fork(), schema: consumer.schema, handlers });
  const connect = async (url = NATS_URL!) => {
    const connection = await connectNats(url, `events-test-${run}`);
    connections.push(connection);
    return connection;
  };
  const relayOn = (connection: Connection) =>
    new Relay({
      em: () => emitter.fork(),
      schema: emitter.schema,
      source: 'toy-emitter',
      transport: natsTransport({ connection, settings: SETTINGS }),
      settings: SETTINGS,
    });
  const emit = (aggregateId: string, value: string) =>
    emitter
      .fork()
      .transactional((tx) =>
        new Outbox({ schema: emitter.schema, source: 'toy-emitter' }).writeWithin(tx, [
          { type: 'ToyHappened', aggregateType: 'Toy', aggregateId, payload: { schemaVersion: 1, value } },
        ]),
      );
  const effects = async (aggregate: string) =>
    (
      await rows<{ value: string }>(consumer, `select value from "${consumer.schema}"."toy_effect" where aggregate = ? order by value`, [
        aggregate,
      ])
    ).map((row) => row.value);
  const delivered = async (ids: readonly string[]) =>
    (
      await rows(emitter, `select 1 from "${emitter.schema}"."outbox_event" where id = any(?::uuid[]) and state = 'DELIVERED'`, [
        `{${ids.join(',')}}`,
      ])
    ).length === ids.length;
  const streamMessages = async () => (await (await jetstreamManager(admin)).streams.info(SETTINGS.natsStream)).state.messages;

  beforeAll(async () => {
    isolated = await isolatedStorage('events_nats');
    emitter = await openToyDatabase('toy-emitter', isolated.storage, 'emitter');
    consumer = await openToyDatabase('toy-consumer', isolated.storage, 'consumer');
    admin = await connect();
  });

  afterAll(async () => {
    await (await jetstreamManager(admin)).streams.delete(SETTINGS.natsStream).catch(() => {});
    for (const connection of connections) await connection.close().catch(() => {});
    await emitter?.close();
    await consumer?.close();
    await isolated?.drop();
  });

  it('publishes with the event id as message id: a second copy is dropped by the stream', async () => {
    const transport = natsTransport({ connection: admin, settings: SETTINGS });
    const event: EventEnvelope = {
      id: randomUUID(),
      type: 'ToyHappened',
      source: 'toy-emitter',
      aggregateType: 'Toy',
      aggregateId: 'dedupe',
      sequence: 1,
      preceding: {},
      occurredAt: new Date().toISOString(),
      payload: { schemaVersion: 1, value: 'once' },
    };
    await transport.deliver(event);
    await transport.deliver(event);
    expect(await streamMessages()).toBe(1);
  });

  it('delivers through a durable consumer, which picks up where it left off after a stop, and applies a redelivery once', async () => {
    const relay = relayOn(await connect());
    const first = await startNatsConsumer({ connection: await connect(), settings: SETTINGS, subgraph: 'toy-consumer', inbox: inbox() });
    const ids = [...(await emit('n', 'n1')), ...(await emit('n', 'n2'))];
    await waitFor('the first two', async () => {
      await relay.runOnce();
      return (await effects('n')).length === 2;
    });
    // The message published earlier (dedupe) reached the consumer too: its durable starts at the stream's beginning.
    expect(await effects('dedupe')).toEqual(['once']);
    await first.stop();

    const later = await emit('n', 'n3');
    await waitFor('n3 in the stream', async () => {
      await relay.runOnce();
      return delivered(later);
    });
    expect(await effects('n')).toEqual(['n1', 'n2']);
    const again = await startNatsConsumer({ connection: await connect(), settings: SETTINGS, subgraph: 'toy-consumer', inbox: inbox() });
    try {
      await waitFor('n3 after the restart', async () => (await effects('n')).length === 3);
      // The same event again, as a relay that died before marking it would publish it (past the duplicate window: a new message id).
      const [row] = await rows<any>(emitter, `select * from "${emitter.schema}"."outbox_event" where id = ?`, [ids[0]]);
      const { envelopeOf } = await import('../index.ts');
      await republish(admin, SETTINGS, envelopeOf(row, 'toy-emitter'));
      const [marker] = await emit('n', 'n4');
      await waitFor('n4', async () => {
        await relay.runOnce();
        return (await effects('n')).length === 4;
      });
      expect(await effects('n')).toEqual(['n1', 'n2', 'n3', 'n4']);
      expect(marker).toBeDefined();
    } finally {
      await again.stop();
    }
  });

  it('loses nothing when the connections to NATS drop mid-stream', async () => {
    // A TCP proxy in front of NATS whose connections the test cuts, as a network or a NATS restart would.
    const server = new URL(NATS_URL!);
    const proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 4222) });
    const publishing = await connect(`nats://127.0.0.1:${proxy.port}`);
    const consumingConnection = await connect(`nats://127.0.0.1:${proxy.port}`);
    let reconnects = 0;
    for (const connection of [publishing, consumingConnection]) {
      void (async () => {
        for await (const status of connection.status()) if (status.type === 'reconnect') reconnects += 1;
      })();
    }
    const relay = relayOn(publishing);
    relay.start();
    const consuming = await startNatsConsumer({
      connection: consumingConnection,
      settings: SETTINGS,
      subgraph: 'toy-consumer',
      inbox: inbox(),
    });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 10; i += 1) {
        ids.push(...(await emit('drop', `d${String(i).padStart(2, '0')}`)));
        // Cut after the 4th and the 7th, the next ones emitted while both connections are down; the second
        // cut once both are back from the first.
        if (i === 6) await waitFor('both connections back', async () => reconnects >= 2);
        if (i === 3 || i === 6) proxy.cut();
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      await waitFor('every event across the drops', async () => (await effects('drop')).length === 10, 30_000);
      expect(await effects('drop')).toEqual(Array.from({ length: 10 }, (_, i) => `d${String(i).padStart(2, '0')}`));
      expect(await delivered(ids)).toBe(true);
      // Both connections were really cut, twice, and came back.
      expect(reconnects).toBeGreaterThanOrEqual(4);
    } finally {
      await relay.stop();
      await consuming.stop();
      await proxy.close();
    }
  });

  it('parks a poison event in the inbox after its tries, with its reason, and applies it when replayed after a fix', async () => {
    const relay = relayOn(await connect());
    const consuming = await startNatsConsumer({
      connection: await connect(),
      settings: SETTINGS,
      subgraph: 'toy-consumer',
      inbox: inbox(),
    });
    try {
      const [poison] = await emit('np', 'poison');
      const [other] = await emit('nq', 'q1');
      await waitFor('the poison parked', async () => {
        await relay.runOnce();
        return (await listParked(consumer.fork(), consumer.schema)).length === 1;
      });
      expect(await listParked(consumer.fork(), consumer.schema)).toEqual([
        {
          id: poison,
          where: 'inbox',
          type: 'ToyHappened',
          aggregateType: 'Toy',
          aggregateId: 'np',
          sequence: 1,
          attempts: null,
          reason: 'the toy consumer refuses poison',
        },
      ]);
      await waitFor('the rest flowing', async () => (await effects('nq')).length === 1);
      expect(other).toBeDefined();

      refusePoison = false;
      expect(
        await replayParked(consumer.fork(), consumer.schema, poison!, { republish: (event) => republish(admin, SETTINGS, event) }),
      ).toBe('inbox');
      await waitFor('the replayed poison applied', async () => (await effects('np')).length === 1);
      expect(await listParked(consumer.fork(), consumer.schema)).toEqual([]);
    } finally {
      await consuming.stop();
    }
  });
});
