import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type ListeningService, prometheusMetrics } from '#service';
import { createSubgraphService, gatewaySignature, type SubgraphDefinition, type SubgraphService } from '#subgraph';
import { isolatedStorage, type IsolatedStorage } from '#test-kit';
import { type EventConsumerDeclaration, events, EVENTS_PATH, InboxEventSchema, Outbox, OutboxEventSchema } from '../index.ts';
import { CONSUMER_MIGRATIONS, EMITTER_MIGRATIONS, rows, SECRET, toyHandlers, waitFor } from './helpers.ts';

// The events part in two toy subgraphs assembled as the real ones are: the
// emitter's relay, started by the part, delivers over the signed internal
// channel to the consumer's events endpoint, which the consumer's
// gateway-signature check admits; both report on /metrics.

const toy = (name: string, side: 'emitter' | 'consumer'): SubgraphDefinition<object> => ({
  name,
  port: 0,
  schema: new URL('./toy.graphql', import.meta.url),
  database: {
    subgraph: name,
    entities: [side === 'emitter' ? OutboxEventSchema : InboxEventSchema],
    migrations: side === 'emitter' ? EMITTER_MIGRATIONS : CONSUMER_MIGRATIONS,
    loadSeeder: () => Promise.reject(new Error('nothing to seed')),
  },
  resolvers: { Query: { toyField: () => 1 } },
  createLoaders: () => ({}),
  rows: {},
});

let isolated: IsolatedStorage;
let consumer: SubgraphService;
let emitter: SubgraphService;
let consumerRunning: ListeningService;
let emitterRunning: ListeningService;

beforeAll(async () => {
  isolated = await isolatedStorage('events_part');
  const env = { NODE_ENV: 'test', SUBGRAPH_HMAC_SECRET: SECRET, EVENTS_POLL_MS: '20', LOG_LEVEL: 'silent' };
  consumer = await createSubgraphService(toy('toy-consumer', 'consumer'), {
    env,
    storage: isolated.storage,
    seedOnStart: 'never',
    parts: [
      prometheusMetrics({ processMetrics: false }),
      gatewaySignature(),
      events({
        handlers: toyHandlers(() => consumer.database.schema),
      }),
    ],
  });
  await consumer.database
    .fork()
    .getConnection()
    .execute(
      `create table "${consumer.database.schema}"."toy_effect" ("event_id" uuid not null, "aggregate" text not null, "value" text not null)`,
    );
  consumerRunning = await listen(consumer, 0, '127.0.0.1', '/graphql');
  // What the consumer declares of itself; where it is comes from the environment, as for every process of the graph.
  const declaration: EventConsumerDeclaration = { subgraph: 'toy-consumer', port: 1, types: ['ToyHappened'] };
  emitter = await createSubgraphService(toy('toy-emitter', 'emitter'), {
    env: { ...env, TOY_CONSUMER_URL: consumerRunning.url },
    storage: isolated.storage,
    seedOnStart: 'never',
    parts: [prometheusMetrics({ processMetrics: false }), gatewaySignature(), events({ consumers: [declaration] })],
  });
  emitterRunning = await listen(emitter, 0, '127.0.0.1', '/graphql');
});

afterAll(async () => {
  await emitterRunning?.stop();
  await consumerRunning?.stop();
  await isolated?.drop();
});

describe('the events part', () => {
  it("delivers what the emitter's outbox holds to the consumer subgraph, signed, and counts it on /metrics", async () => {
    const { database } = emitter;
    await database
      .fork()
      .transactional((tx) =>
        new Outbox({ schema: database.schema, source: 'toy-emitter' }).writeWithin(tx, [
          { type: 'ToyHappened', aggregateType: 'Toy', aggregateId: 't1', payload: { schemaVersion: 1, value: 'v1' } },
        ]),
      );
    await waitFor(
      'the effect in the consumer',
      async () => (await rows(consumer.database, `select value from "${consumer.database.schema}"."toy_effect"`)).length === 1,
    );
    // The consumer commits the effect before it answers, and the relay counts the delivery once the answer is back.
    const delivered = 'events_delivered_total{subgraph="toy-emitter",type="ToyHappened",transport="http"} 1';
    const emitterMetrics = await waitFor('the delivery counted on the emitter', async () => {
      const text = await (await fetch(new URL('/metrics', emitterRunning.url))).text();
      return text.includes(delivered) && text;
    });
    expect(emitterMetrics).toContain('# TYPE events_pending gauge');
    expect(emitterMetrics).toContain('# TYPE events_oldest_undelivered_seconds gauge');
    const consumerMetrics = await (await fetch(new URL('/metrics', consumerRunning.url))).text();
    expect(consumerMetrics).toContain('events_consumed_total{subgraph="toy-consumer",type="ToyHappened",outcome="applied"} 1');
  });

  it('refuses an unsigned delivery at the consumer', async () => {
    const response = await fetch(new URL(EVENTS_PATH, consumerRunning.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
  });
});
