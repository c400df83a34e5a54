import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubgraphDatabase } from '#storage';
import { isolatedStorage, type IsolatedStorage } from '#test-kit';
import { checkSettings, httpTransport, Outbox, Relay } from '../index.ts';
import { openToyDatabase, startToyServer, type ToyServer, waitFor } from './helpers.ts';

// A relay told to look (after a commit that emitted) while it is delivering
// an earlier round looks again once that round is over, rather than sleeping
// its poll interval: here an hour, so an event whose nudge was lost would not
// arrive within the test. Found by bench/events.ts: under a steady stream of
// verdicts most nudges came while the relay was busy, and each such event
// waited up to EVENTS_POLL_MS.

let isolated: IsolatedStorage;
let emitter: SubgraphDatabase;
let server: ToyServer;
let release: () => void = () => {};
const held = new Promise<void>((resolve) => {
  release = resolve;
});
let first: string | undefined;

beforeAll(async () => {
  isolated = await isolatedStorage('events_nudge');
  emitter = await openToyDatabase('toy-nudge', isolated.storage, 'emitter');
  // The consumer holds the first event it receives until released: the relay's round is under way meanwhile.
  server = await startToyServer(async (request) => {
    const id = String(request.headers['x-event-id']);
    first ??= id;
    if (id === first) await held;
    return { status: 200, body: { outcome: 'applied' } };
  });
});

afterAll(async () => {
  release();
  await server?.close();
  await emitter?.close();
  await isolated?.drop();
});

const emit = (value: string) =>
  emitter
    .fork()
    .transactional((tx) =>
      new Outbox({ schema: emitter.schema, source: 'toy-nudge' }).writeWithin(tx, [
        { type: 'ToyHappened', aggregateType: 'Toy', aggregateId: value, payload: { schemaVersion: 1, value } },
      ]),
    );

describe('a nudge while the relay delivers', () => {
  it('is not lost: the event committed meanwhile leaves when the round ends, not at the next poll', async () => {
    const relay = new Relay({
      em: () => emitter.fork(),
      schema: emitter.schema,
      source: 'toy-nudge',
      transport: httpTransport({ consumers: [{ subgraph: 'toy-consumer', types: ['ToyHappened'], url: server.url }], timeoutMs: 60_000 }),
      settings: checkSettings({
        pollMs: 3_600_000,
        batchSize: 50,
        maxAttempts: 3,
        retryBaseMs: 30,
        retryMaxMs: 200,
        deliveryTimeoutMs: 60_000,
        leaseMs: 120_000,
        natsUrl: undefined,
        natsStream: 'unused',
        natsSubjectPrefix: 'unused',
        natsDuplicateWindowMs: 600_000,
      }),
    });
    const [a] = await emit('a');
    relay.start();
    try {
      await waitFor('the first event at the consumer', async () => server.deliveries.has(a!));
      const [b] = await emit('b');
      relay.nudge();
      release();
      await waitFor('the event committed during the round, delivered', async () => server.deliveries.has(b!));
      expect([...server.deliveries.keys()]).toEqual([a, b]);
    } finally {
      await relay.stop();
    }
  });
});
