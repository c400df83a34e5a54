import type { MigrationObject } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSubgraphDatabase, type SubgraphDatabase } from '#storage';
import { isolatedStorage, type IsolatedStorage } from '#test-kit';
import type { Viewer } from '#identity';
import {
  AuditChainWriter,
  AuditEntriesByField,
  AuditEntryWithMutationsSchema,
  AuditLog,
  AuditMutationOutcomes,
  AuditTrailAppendOnly,
  AuditTrailTableDenialsWithoutRow,
  verifyAuditChain,
} from '../index.ts';

// A mutation's entry is appended inside the mutation's own transaction: it
// commits with the change, or not at all, and the chain stays whole with
// the entries the shared writer appends meanwhile.

const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20270101000000_audit_trail', class: AuditTrailTableDenialsWithoutRow },
  { name: 'Migration20270101000001_audit_append_only', class: AuditTrailAppendOnly },
  { name: 'Migration20270101000002_audit_entries_by_field', class: AuditEntriesByField },
  { name: 'Migration20270101000003_audit_mutation_outcomes', class: AuditMutationOutcomes },
];

const ROW = '0b6f1c1e-5d2a-4c4e-9a57-3f0e8d1c2b3a';
const viewer = { sub: 'arcc-1', agency: 'ARCC', scopes: ['agency:ARCC'], roles: [] } as unknown as Viewer;

let isolated: IsolatedStorage;
let database: SubgraphDatabase;
let log: AuditLog;

beforeAll(async () => {
  isolated = await isolatedStorage('append_within');
  database = await openSubgraphDatabase(
    {
      subgraph: 'append_within',
      entities: [AuditEntryWithMutationsSchema],
      migrations: MIGRATIONS,
      loadSeeder: () => Promise.reject(new Error('nothing to seed')),
    },
    isolated.storage,
  );
  await database.migrate();
  const writer = new AuditChainWriter({ em: () => database.fork(), schema: database.schema });
  log = new AuditLog({ writer, viewer, requestId: 'append-within-test' });
});

afterAll(async () => {
  await database?.close();
  await isolated?.drop();
});

const outcomes = async () =>
  (
    (await database.fork().getConnection().execute(`select outcome from "${database.schema}"."audit_entry" order by seq`)) as {
      outcome: string;
    }[]
  ).map((row) => row.outcome);

describe('recordWithin', () => {
  it('commits the entry with the transaction, and not when it rolls back', async () => {
    await database.fork().transactional((tx) => log.recordWithin(tx, { field: 'Mutation.openCase', rowIds: [ROW], outcome: 'DONE' }));
    await expect(
      database.fork().transactional(async (tx) => {
        await log.recordWithin(tx, { field: 'Mutation.openCase', rowIds: [ROW], outcome: 'DONE' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await outcomes()).toEqual(['DONE']);
  });

  it('keeps the chain whole beside the shared writer, with every mutation outcome', async () => {
    await Promise.all([
      log.record({ field: 'Survivor.cnic', rowId: ROW, outcome: 'ALLOWED' }),
      database.fork().transactional((tx) => log.recordWithin(tx, { field: 'Mutation.openCase', rowIds: [], outcome: 'INVALID' })),
      database
        .fork()
        .transactional((tx) => log.recordWithin(tx, { field: 'Mutation.recordMedicoLegalExam', rowIds: [ROW], outcome: 'REFUSED' })),
    ]);
    expect((await outcomes()).sort()).toEqual(['ALLOWED', 'DONE', 'INVALID', 'REFUSED']);
    expect(await verifyAuditChain(database.fork())).toEqual({ ok: true, entriesChecked: 4, firstBrokenSeq: null });
  });

  it('needs an open transaction', async () => {
    await expect(log.recordWithin(database.fork(), { field: 'Mutation.openCase', rowIds: [], outcome: 'DONE' })).rejects.toThrow(
      /open transaction/,
    );
  });
});
