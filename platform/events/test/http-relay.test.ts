import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { EntityManager } from '@mikro-orm/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestSigningFromEnv, type Viewer } from '#identity';
import { createMutations } from '#mutation';
import type { StorageLocation, SubgraphDatabase } from '#storage';
import { isolatedStorage, type IsolatedStorage } from '#test-kit';
import {
  checkSettings,
  type EventEnvelope,
  type EventSettings,
  eventReceiver,
  httpTransport,
  Inbox,
  listParked,
  Outbox,
  Relay,
} from '../index.ts';
import { openToyDatabase, rows, SECRET, startToyServer, toyHandlers, type ToyServer, waitFor } from './helpers.ts';

// The outbox, the relay over signed HTTP and the inbox, between a toy emitter
// and a toy consumer on databases of their own (PGlite, or PostgreSQL with
// TEST_DATABASE_URL), over real HTTP.

const signing = requestSigningFromEnv({ SUBGRAPH_HMAC_SECRET: SECRET })!;
const SETTINGS: EventSettings = checkSettings({
  pollMs: 20,
  batchSize: 50,
  maxAttempts: 3,
  retryBaseMs: 30,
  retryMaxMs: 200,
  deliveryTimeoutMs: 2_000,
  leaseMs: 5_000,
  natsUrl: undefined,
  natsStream: 'unused',
  natsSubjectPrefix: 'unused',
  natsDuplicateWindowMs: 60_000,
});

let isolated: IsolatedStorage;
let emitter: SubgraphDatabase;
let consumer: SubgraphDatabase;
let outbox: Outbox;
let server: ToyServer;
let refusePoison = true;

const handlers = toyHandlers(
  () => consumer.schema,
  () => refusePoison,
);

const relayTo = (url: string, database = emitter, settings = SETTINGS) =>
  new Relay({
    em: () => database.fork(),
    schema: database.schema,
    source: 'toy-emitter',
    transport: httpTransport({ consumers: [{ subgraph: 'toy-consumer', types: ['ToyHappened'], url }], signing, timeoutMs: 2_000 }),
    settings,
  });

const emit = (aggregateId: string, value: string, database = emitter) =>
  database
    .fork()
    .transactional((tx) =>
      new Outbox({ schema: database.schema, source: 'toy-emitter' }).writeWithin(tx, [
        { type: 'ToyHappened', aggregateType: 'Toy', aggregateId, payload: { schemaVersion: 1, value } },
      ]),
    );

const effects = async (aggregate?: string) =>
  (
    await rows<{ value: string }>(
      consumer,
      `select value from "${consumer.schema}"."toy_effect" ${aggregate ? 'where aggregate = ?' : ''} order by value`,
      aggregate ? [aggregate] : [],
    )
  ).map((row) => row.value);

const stateOf = async (id: string, database = emitter) =>
  (
    await rows<{ state: string; attempts: number; last_error: string | null }>(
      database,
      `select state, attempts, last_error from "${database.schema}"."outbox_event" where id = ?`,
      [id],
    )
  )[0]!;

/** Runs relay rounds until `done` holds. */
const relayUntil = (relay: Relay, what: string, done: () => Promise<boolean>) =>
  waitFor(what, async () => {
    await relay.runOnce();
    return done();
  });

beforeAll(async () => {
  isolated = await isolatedStorage('events_http');
  emitter = await openToyDatabase('toy-emitter', isolated.storage, 'emitter');
  consumer = await openToyDatabase('toy-consumer', isolated.storage, 'consumer');
  outbox = new Outbox({ schema: emitter.schema, source: 'toy-emitter' });
  server = await startToyServer(
    eventReceiver({ inbox: new Inbox({ em: () => consumer.fork(), schema: consumer.schema, handlers }), signing }),
  );
});

afterAll(async () => {
  await server?.close();
  await emitter?.close();
  await consumer?.close();
  await isolated?.drop();
});

describe('the tables', () => {
  // The schema diff in the toy's own schema, but for the tables it has beside the room's: the seed runs'
  // (which a subgraph's first migration makes) and the toy effects'. (On PostgreSQL the other toy's schema is beside it.)
  const drift = async (database: SubgraphDatabase) =>
    (await database.orm.schema.getUpdateSchemaSQL({ wrap: false }))
      .split('\n')
      .filter((line) => line.includes(`"${database.schema}"`) && !/seed_run|toy_effect/.test(line));

  it('are what the entities describe', async () => {
    expect(await drift(emitter)).toEqual([]);
    expect(await drift(consumer)).toEqual([]);
  });
});

describe('the outbox', () => {
  const sdl = parse(
    `type Mutation { toyChange(id: ID!): Boolean @requiresScopes(scopes: [["agency:NPB"]]) } type Query { x: Int @public }`,
  );
  const mutations = createMutations(sdl);
  const viewer = { sub: 'npb-1', agency: 'NPB', scopes: ['agency:NPB'], roles: [] } as unknown as Viewer;
  const steps = (aggregateId: string, refuse: boolean) => ({
    name: 'toyChange',
    rowNoun: 'toy',
    rowField: null,
    validate: () => {},
    load: async () => ({ id: aggregateId }),
    storedRow: (row: { id: string }) => row,
    check: () => (refuse ? [{ code: 'INVALID_TRANSITION' as const, message: 'no', field: null }] : []),
    change: async (tx: EntityManager) => {
      await tx
        .getConnection()
        .execute(
          `insert into "${emitter.schema}"."toy_effect" (event_id, aggregate, value) values (?, ?, 'changed')`,
          [randomUUID(), aggregateId],
          'run',
          tx.getTransactionContext(),
        );
      return {
        entity: true,
        rowIds: [],
        events: [{ type: 'ToyHappened', aggregateType: 'Toy', aggregateId, payload: { schemaVersion: 1, value: 'by-pipeline' } }],
      };
    },
  });
  const writtenFor = async (aggregateId: string) => ({
    changes: (await rows(emitter, `select 1 from "${emitter.schema}"."toy_effect" where aggregate = ?`, [aggregateId])).length,
    events: await rows<Record<string, unknown>>(emitter, `select * from "${emitter.schema}"."outbox_event" where aggregateid = ?`, [
      aggregateId,
    ]),
  });

  it("is written by the mutation pipeline with the change, in its transaction, with the payload's schema version", async () => {
    let nudged = 0;
    const context = {
      viewer,
      em: emitter.fork(),
      outbox: { writeWithin: outbox.writeWithin.bind(outbox), committed: () => void (nudged += 1) },
    };
    const payload = await mutations.run(steps('pipeline-1', false), {}, context);
    expect(payload.userErrors).toEqual([]);
    const written = await writtenFor('pipeline-1');
    expect(written.changes).toBe(1);
    expect(written.events).toMatchObject([
      {
        aggregatetype: 'Toy',
        type: 'ToyHappened',
        payload: { schemaVersion: 1, value: 'by-pipeline' },
        aggregate_seq: expect.anything(),
        state: 'PENDING',
        attempts: 0,
      },
    ]);
    expect(nudged).toBe(1);
  });

  it('is not written when the mutation is refused, nor when its transaction rolls back', async () => {
    const context = { viewer, em: emitter.fork(), outbox };
    const payload = await mutations.run(steps('pipeline-2', true), {}, context);
    expect(payload.entity).toBeNull();
    expect(await writtenFor('pipeline-2')).toEqual({ changes: 0, events: [] });
    await expect(
      emitter.fork().transactional(async (tx) => {
        await outbox.writeWithin(tx, [
          { type: 'ToyHappened', aggregateType: 'Toy', aggregateId: 'pipeline-3', payload: { schemaVersion: 1 } },
        ]);
        throw new Error('the change failed after emitting');
      }),
    ).rejects.toThrow('the change failed after emitting');
    expect((await writtenFor('pipeline-3')).events).toEqual([]);
  });

  it('refuses a change that emits where there is no outbox, rather than dropping the events', async () => {
    await expect(mutations.run(steps('pipeline-4', false), {}, { viewer, em: emitter.fork() })).rejects.toThrow(/no outbox/);
    expect(await writtenFor('pipeline-4')).toEqual({ changes: 0, events: [] });
  });

  it("numbers an aggregate's events and names the last of each earlier type", async () => {
    await emitter.fork().transactional((tx) =>
      outbox.writeWithin(tx, [
        { type: 'ToyOpened', aggregateType: 'Toy', aggregateId: 'numbered', payload: { schemaVersion: 1 } },
        { type: 'ToyHappened', aggregateType: 'Toy', aggregateId: 'numbered', payload: { schemaVersion: 1 } },
      ]),
    );
    await emit('numbered', 'third');
    const written = await rows<{ type: string; seq: string; preceding: Record<string, number> }>(
      emitter,
      `select type, aggregate_seq::text as seq, preceding from "${emitter.schema}"."outbox_event" where aggregateid = 'numbered' order by aggregate_seq`,
    );
    expect(written).toEqual([
      { type: 'ToyOpened', seq: '1', preceding: {} },
      { type: 'ToyHappened', seq: '2', preceding: { ToyOpened: 1 } },
      { type: 'ToyHappened', seq: '3', preceding: { ToyOpened: 1, ToyHappened: 2 } },
    ]);
    // Not for the toy consumer: out of the way of the next tests.
    await rows(
      emitter,
      `update "${emitter.schema}"."outbox_event" set state = 'DELIVERED' where aggregateid like 'pipeline-%' or aggregateid = 'numbered'`,
    );
  });
});

describe('delivery over signed HTTP', () => {
  it('delivers end to end, each aggregate in order, and marks the events DELIVERED', async () => {
    const ids = [...(await emit('a', 'a1')), ...(await emit('b', 'b1')), ...(await emit('a', 'a2'))];
    const relay = relayTo(server.url);
    await relayUntil(relay, 'three deliveries', async () => (await effects()).length === 3);
    expect(await effects('a')).toEqual(['a1', 'a2']);
    expect(await effects('b')).toEqual(['b1']);
    for (const id of ids) expect((await stateOf(id)).state).toBe('DELIVERED');
  });

  it('applies an event once however often it is delivered, even all at once', async () => {
    const [id] = await emit('c', 'c1');
    const [row] = await rows<any>(emitter, `select * from "${emitter.schema}"."outbox_event" where id = ?`, [id]);
    const transport = httpTransport({
      consumers: [{ subgraph: 'toy-consumer', types: ['ToyHappened'], url: server.url }],
      signing,
      timeoutMs: 2_000,
    });
    const { envelopeOf } = await import('../index.ts');
    const event = envelopeOf(row, 'toy-emitter');
    await Promise.all([1, 2, 3, 4, 5].map(() => transport.deliver(event)));
    await transport.deliver(event);
    expect(await effects('c')).toEqual(['c1']);
    await rows(emitter, `update "${emitter.schema}"."outbox_event" set state = 'DELIVERED' where id = ?`, [id]);
  });

  it('refuses a delivery without a valid signature, and holds back an event until its predecessor is applied', async () => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(401);
    const inbox = new Inbox({ em: () => consumer.fork(), schema: consumer.schema, handlers });
    const base = {
      type: 'ToyHappened',
      source: 'toy-emitter',
      aggregateType: 'Toy',
      aggregateId: 'ordered',
      occurredAt: new Date().toISOString(),
    };
    const second: EventEnvelope = {
      ...base,
      id: randomUUID(),
      sequence: 3,
      preceding: { ToyOpened: 1, ToyHappened: 2 },
      payload: { schemaVersion: 1, value: 'o2' },
    };
    const first: EventEnvelope = {
      ...base,
      id: randomUUID(),
      sequence: 2,
      preceding: { ToyOpened: 1 },
      payload: { schemaVersion: 1, value: 'o1' },
    };
    // ToyOpened (1) is not a type this consumer handles: it does not wait for it.
    expect(await inbox.apply(second)).toMatchObject({ outcome: 'deferred' });
    expect(await inbox.apply(first)).toEqual({ outcome: 'applied' });
    expect(await inbox.apply(second)).toEqual({ outcome: 'applied' });
    expect(await effects('ordered')).toEqual(['o1', 'o2']);
  });

  it('keeps an event while its consumer is down, and delivers it once the consumer is back', async () => {
    const down = await startToyServer(async () => ({ status: 500 }));
    const port = down.port;
    await down.close();
    const relay = relayTo(`http://127.0.0.1:${port}/internal/events`);
    const [id] = await emit('d', 'd1');
    await relay.runOnce();
    expect(await stateOf(id!)).toMatchObject({
      state: 'PENDING',
      attempts: 1,
      last_error: expect.stringMatching(/toy-consumer: unreachable/),
    });
    const back = await startToyServer(
      eventReceiver({ inbox: new Inbox({ em: () => consumer.fork(), schema: consumer.schema, handlers }), signing }),
      port,
    );
    try {
      await relayUntil(relay, 'the delivery once the consumer is back', async () => (await stateOf(id!)).state === 'DELIVERED');
      expect(await effects('d')).toEqual(['d1']);
    } finally {
      await back.close();
    }
  });

  it('takes over the events a relay claimed and never finished (it died), once their lease has run out', async () => {
    const [id] = await emit('lease', 'l1');
    // A relay that claims and then hangs, as one killed between its claim and its delivery would.
    const dying = new Relay({
      em: () => emitter.fork(),
      schema: emitter.schema,
      source: 'toy-emitter',
      transport: { kind: 'http', deliver: () => new Promise<void>(() => {}), close: async () => {} },
      settings: { ...SETTINGS, leaseMs: 400 },
    });
    void dying.runOnce();
    await waitFor('the claim', async () => (await stateOf(id!)).attempts === 1);
    const relay = relayTo(server.url);
    await relay.runOnce();
    expect((await stateOf(id!)).state).toBe('PENDING');
    await relayUntil(relay, 'the delivery after the lease', async () => (await stateOf(id!)).state === 'DELIVERED');
    expect(await stateOf(id!)).toEqual({ state: 'DELIVERED', attempts: 2, last_error: null });
    expect(await effects('lease')).toEqual(['l1']);
  });

  it('with two relays on one database, never delivers one event twice, nor twice at once', async () => {
    const slow = await startToyServer(async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 15));
      return eventReceiver({ inbox: new Inbox({ em: () => consumer.fork(), schema: consumer.schema, handlers }), signing })(request);
    });
    const ids = (await Promise.all(Array.from({ length: 40 }, (_, i) => emit(`pair-${i}`, `p${i}`)))).flat();
    const relays = [relayTo(slow.url), relayTo(slow.url)];
    try {
      for (const relay of relays) relay.start();
      await waitFor('forty deliveries', async () => {
        const [row] = await rows<{ n: string }>(
          emitter,
          `select count(*)::text as n from "${emitter.schema}"."outbox_event" where aggregateid like 'pair-%' and state = 'DELIVERED'`,
        );
        return Number(row!.n) === 40;
      });
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
      await slow.close();
    }
    expect(ids.map((id) => slow.deliveries.get(id))).toEqual(ids.map(() => 1));
    expect(slow.maxConcurrentPerEvent()).toBe(1);
  });
});

describe('a poison event', () => {
  let dataDir: string | undefined;
  let storage: StorageLocation;
  let own: SubgraphDatabase;

  beforeAll(async () => {
    if (isolated.storage.kind === 'pglite') {
      // On disk, so that the command (another process) can open it once this one has closed it.
      dataDir = mkdtempSync(join(tmpdir(), 'events-poison-'));
      storage = { kind: 'pglite', dataDir: join(dataDir, 'toy-poisoned') };
    } else {
      storage = isolated.storage;
    }
    own = await openToyDatabase('toy-poisoned', storage, 'emitter');
  });

  afterAll(async () => {
    await own?.close().catch(() => {});
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('is parked after its tries with its reason, holds back its aggregate only, and is replayed by the command after a fix', async () => {
    const [poison] = await emit('p', 'poison', own);
    const [after] = await emit('p', 'after-poison', own);
    const [other] = await emit('q', 'q1', own);
    const relay = relayTo(server.url, own);
    await relayUntil(relay, 'the poison parked', async () => (await stateOf(poison!, own)).state === 'PARKED');
    expect(await stateOf(poison!, own)).toEqual({
      state: 'PARKED',
      attempts: 3,
      last_error: 'toy-consumer: 500 the toy consumer refuses poison',
    });
    await relayUntil(relay, 'the other aggregate delivered', async () => (await stateOf(other!, own)).state === 'DELIVERED');
    expect((await stateOf(after!, own)).state).toBe('PENDING');
    expect(await listParked(own.fork(), own.schema)).toEqual([
      {
        id: poison,
        where: 'outbox',
        type: 'ToyHappened',
        aggregateType: 'Toy',
        aggregateId: 'p',
        sequence: 1,
        attempts: 3,
        reason: 'toy-consumer: 500 the toy consumer refuses poison',
      },
    ]);

    refusePoison = false;
    const env = {
      ...process.env,
      ...(dataDir ? { DATA_DIR: dataDir, DATABASE_URL: '' } : { DATABASE_URL: (storage as { url: string }).url }),
    };
    if (dataDir) await own.close();
    const command = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['scripts/events.ts', ...args, '--subgraph', 'toy-poisoned'], { env, cwd: process.cwd() });
    expect((await command('list-parked')).stdout).toContain(
      `toy-poisoned\toutbox\t${poison}\tToyHappened\tToy p #1\ttries: 3\ttoy-consumer: 500 the toy consumer refuses poison`,
    );
    expect((await command('replay', poison!)).stdout).toContain(`replayed ${poison}`);
    if (dataDir) own = await openToyDatabase('toy-poisoned', storage, 'emitter');

    expect(await listParked(own.fork(), own.schema)).toEqual([]);
    const reopened = relayTo(server.url, own);
    await relayUntil(
      reopened,
      'the replayed event and the one it held back',
      async () => (await stateOf(after!, own)).state === 'DELIVERED',
    );
    expect(await effects('p')).toEqual(['after-poison', 'poison']);
  });
});
