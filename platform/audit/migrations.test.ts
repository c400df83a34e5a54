import type { Configuration, MigrationObject } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSubgraphDatabase, type SubgraphDatabase } from '#storage';
import { isolatedStorage, type IsolatedStorage } from '#test-kit';
import { AuditEntriesByField, AuditEntrySchema, AuditTrailAppendOnly, AuditTrailTableDenialsWithoutRow } from './index.ts';
import { trailSchema } from './migrations/trail-schema.ts';

// The trail's migrations as a subgraph starting its trail now lists them
// (index.ts), on a database of its own (PGlite, or a fresh PostgreSQL
// database when TEST_DATABASE_URL is set). How the subgraphs' existing
// databases take them is subgraphs/migrations.test.ts.

const STARTING_NOW: MigrationObject[] = [
  { name: 'Migration20270101000000_audit_trail', class: AuditTrailTableDenialsWithoutRow },
  { name: 'Migration20270101000001_audit_append_only', class: AuditTrailAppendOnly },
  { name: 'Migration20270101000002_audit_entries_by_field', class: AuditEntriesByField },
];

const openTrail = (subgraph: string, isolated: IsolatedStorage) =>
  openSubgraphDatabase(
    {
      subgraph,
      entities: [AuditEntrySchema],
      migrations: STARTING_NOW,
      loadSeeder: () => Promise.reject(new Error('nothing to seed')),
    },
    isolated.storage,
  );

const sql = async <T = Record<string, unknown>>(database: SubgraphDatabase, text: string, params: unknown[] = []) =>
  (await database.fork().getConnection().execute(text, params)) as T[];

const append = (database: SubgraphDatabase, rowIds: string | null) =>
  sql(
    database,
    `insert into "${database.schema}"."audit_entry" (recorded_at, request_id, subject, agency, field, row_ids, outcome, previous_hash, hash)
     values (now(), 'migrations-test', 'auditor-1', 'AUDITOR', 'Survivor.cnic', ${rowIds === null ? 'null' : `array['${rowIds}']::uuid[]`}, 'ALLOWED', ?, ?)`,
    ['0'.repeat(64), '1'.repeat(64)],
  );

const entryCount = async (database: SubgraphDatabase) =>
  Number((await sql<{ n: string }>(database, `select count(*)::text as n from "${database.schema}"."audit_entry"`))[0]!.n);

/** The objects of the trail left in the schema: its table, function and triggers. */
const trailObjects = async (database: SubgraphDatabase) =>
  (
    await sql<{ name: string }>(
      database,
      `select relname as name from pg_class where relnamespace = (select oid from pg_namespace where nspname = ?) and relname like 'audit_entry%'
       union all select proname from pg_proc where pronamespace = (select oid from pg_namespace where nspname = ?)
       union all select tgname from pg_trigger where tgname like 'audit_entry%' and tgrelid in (select oid from pg_class where relnamespace = (select oid from pg_namespace where nspname = ?))
       order by 1`,
      [database.schema, database.schema, database.schema],
    )
  ).map((row) => row.name);

let isolated: IsolatedStorage;
let inUse: SubgraphDatabase;
let unused: SubgraphDatabase;

beforeAll(async () => {
  isolated = await isolatedStorage('audit_migrations');
  inUse = await openTrail('trail-in-use', isolated);
  unused = await openTrail('trail-unused', isolated);
});

afterAll(async () => {
  await inUse?.close();
  await unused?.close();
  await isolated?.drop();
});

describe('a subgraph starting its trail now', () => {
  it('applies the three migrations under the names it lists, and gets the table its entity describes', async () => {
    expect(await inUse.migrate()).toEqual({ applied: STARTING_NOW.map((migration) => migration.name) });
    const diff = await inUse.orm.schema.getUpdateSchemaSQL({ wrap: false });
    // Only the seed ledger, which the storage room adds and no migration here makes, is left to create.
    expect(diff.split('\n').filter((line) => line.includes('audit_entry'))).toEqual([]);
    expect(diff).toContain('seed_run');
  });

  it('may append entries, and the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    await append(inUse, '0b6f1c1e-5d2a-4c4e-9a57-3f0e8d1c2b3a');
    const table = `"${inUse.schema}"."audit_entry"`;
    for (const statement of [`update ${table} set agency = 'NPB'`, `delete from ${table}`, `truncate ${table}`]) {
      await expect(sql(inUse, statement)).rejects.toThrow(/audit_entry is append-only: (UPDATE|DELETE|TRUNCATE) refused/);
    }
    expect(await entryCount(inUse)).toBe(1);
  });

  it('refuses to go back to one entry per read while an entry names its rows in row_ids, and keeps the trail', async () => {
    await expect(inUse.orm.migrator.down()).rejects.toThrow(/dropping it would lose them/);
    expect(await entryCount(inUse)).toBe(1);
    expect((await sql(inUse, `select name from "${inUse.schema}"."mikro_orm_migrations"`)).length).toBe(3);
  });
});

describe('a trail whose entries are all of the first format', () => {
  it('goes all the way back, leaving nothing of the trail, and comes up again', async () => {
    await unused.migrate();
    await append(unused, null);
    await unused.orm.migrator.down({ to: 0 });
    expect(await trailObjects(unused)).toEqual([]);
    expect(await unused.migrate()).toEqual({ applied: STARTING_NOW.map((migration) => migration.name) });
    expect(await trailObjects(unused)).toEqual([
      'audit_entry',
      'audit_entry_no_truncate',
      'audit_entry_no_update_or_delete',
      'audit_entry_outcome_seq_index',
      'audit_entry_pkey',
      'audit_entry_recorded_at_seq_index',
      'audit_entry_refuse_change',
      'audit_entry_row_id_seq_index',
      'audit_entry_row_ids_index',
      'audit_entry_seq_seq',
      'audit_entry_subject_seq_index',
    ]);
  });
});

describe('the schema a migration of the trail writes into', () => {
  const configWith = (schema: string | undefined) => ({ get: () => ({ schema }) }) as unknown as Configuration;

  it('is the run’s, and must be a plain name', () => {
    expect(trailSchema(configWith('crisis_cells'))).toBe('crisis_cells');
    for (const schema of [undefined, '', 'Cases', 'cases"; drop table x; --'])
      expect(() => trailSchema(configWith(schema))).toThrow(/plain lower-case name/);
  });
});
