import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSubgraphDatabase, schemaNameFor, type SubgraphDatabase } from '#storage';
import { isolatedStorage, type IsolatedStorage } from '#test-kit';
import { SUBGRAPH_NAMES } from './index.ts';
import { subgraphDefinitions } from './definitions.ts';

// A database that exists today was migrated by main as of 20f1dbe, whose
// subgraphs each carried their own copies of the audit trail's migrations.
// Its schemas, dumped then (migrated-at-20f1dbe/), are loaded into a fresh
// database and migrated by the code as it is now: nothing may run again, and
// the result must be what a database migrated from scratch now holds.
// PGlite, a cluster per subgraph; or, with TEST_DATABASE_URL, one PostgreSQL
// database for the four, as they share one in production.

/** The dump's statements, one by one (a `$$` body keeps its semicolons). */
function statementsOf(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  let inBody = false;
  for (const line of sql.split('\n')) {
    if (!inBody && (line.startsWith('--') || line.trim() === '')) continue;
    current.push(line);
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) inBody = !inBody;
    if (!inBody && line.trimEnd().endsWith(';')) {
      statements.push(current.join('\n'));
      current = [];
    }
  }
  expect(current).toEqual([]);
  return statements;
}

const rows = async <T = Record<string, unknown>>(database: SubgraphDatabase, sql: string, params: unknown[] = []) =>
  (await database.fork().getConnection().execute(sql, params)) as T[];

const recordedMigrations = async (database: SubgraphDatabase) =>
  (await rows<{ name: string }>(database, `select name from "${database.schema}"."mikro_orm_migrations" order by id`)).map(
    (row) => row.name,
  );

/**
 * Everything a migration makes in a schema, read from the catalogue: its
 * relations (tables, indexes, sequences), each table's columns in order,
 * indexes, constraints, triggers, functions with their bodies, sequences and
 * comments. Positions are left out: a dump renumbers what a dropped column
 * left.
 */
async function schemaObjects(database: SubgraphDatabase) {
  const schema = database.schema;
  const read = (sql: string) => rows(database, sql, [schema]);
  return {
    relations: await read(
      `select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ? order by c.relname`,
    ),
    columns: await read(
      `select table_name, column_name, data_type, udt_name, character_maximum_length, numeric_precision, datetime_precision,
              is_nullable, column_default, collation_name, is_identity, is_generated
       from information_schema.columns where table_schema = ? order by table_name, ordinal_position`,
    ),
    indexes: await read(`select tablename, indexname, indexdef from pg_indexes where schemaname = ? order by tablename, indexname`),
    constraints: await read(
      `select cl.relname as table_name, co.conname, co.contype, pg_get_constraintdef(co.oid) as definition, co.condeferrable, co.condeferred, co.convalidated
       from pg_constraint co join pg_namespace n on n.oid = co.connamespace left join pg_class cl on cl.oid = co.conrelid
       where n.nspname = ? order by cl.relname, co.conname`,
    ),
    triggers: await read(
      `select c.relname as table_name, t.tgname, pg_get_triggerdef(t.oid) as definition, t.tgenabled
       from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = ? and not t.tgisinternal order by c.relname, t.tgname`,
    ),
    functions: await read(
      `select p.proname, pg_get_function_identity_arguments(p.oid) as arguments, pg_get_functiondef(p.oid) as definition
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = ? order by p.proname, arguments`,
    ),
    sequences: await read(
      `select s.sequence_name, s.data_type, s.start_value, s.minimum_value, s.maximum_value, s.increment, s.cycle_option,
              (select d.refobjid::regclass::text || '.' || a.attname from pg_depend d
                 join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
               where d.objid = (quote_ident(s.sequence_schema) || '.' || quote_ident(s.sequence_name))::regclass and d.deptype in ('a', 'i')) as owned_by
       from information_schema.sequences s where s.sequence_schema = ? order by s.sequence_name`,
    ),
    comments: await read(
      `select d.classoid::regclass::text as catalogue, coalesce(c.relname, p.proname, co.conname, t.tgname, n.nspname) as object, d.objsubid, d.description
       from pg_description d
       left join pg_class c on d.classoid = 'pg_class'::regclass and c.oid = d.objoid
       left join pg_proc p on d.classoid = 'pg_proc'::regclass and p.oid = d.objoid
       left join pg_constraint co on d.classoid = 'pg_constraint'::regclass and co.oid = d.objoid
       left join pg_trigger t on d.classoid = 'pg_trigger'::regclass and t.oid = d.objoid
       left join pg_namespace n on d.classoid = 'pg_namespace'::regclass and n.oid = d.objoid
       where coalesce(c.relnamespace, p.pronamespace, co.connamespace, (select relnamespace from pg_class where oid = t.tgrelid), n.oid)
             = (select oid from pg_namespace where nspname = ?)
       order by 1, 2, 3`,
    ),
  };
}

let existing: IsolatedStorage;
let fresh: IsolatedStorage;
const opened: SubgraphDatabase[] = [];

beforeAll(async () => {
  existing = await isolatedStorage('migrations_existing');
  fresh = await isolatedStorage('migrations_fresh');
});

afterAll(async () => {
  for (const database of opened) await database.close();
  await existing?.drop();
  await fresh?.drop();
});

describe.each(SUBGRAPH_NAMES)('%s, on a database migrated by main as of 20f1dbe', (name) => {
  const definition = subgraphDefinitions[name].database;
  const schema = schemaNameFor(name);
  let before: SubgraphDatabase;
  let scratch: SubgraphDatabase;
  let recorded: string[];

  beforeAll(async () => {
    before = await openSubgraphDatabase(definition, existing.storage);
    opened.push(before);
    const dump = readFileSync(new URL(`./migrated-at-20f1dbe/${schema}.sql`, import.meta.url), 'utf8');
    for (const statement of statementsOf(dump)) await rows(before, statement);
    recorded = await recordedMigrations(before);
    scratch = await openSubgraphDatabase(definition, fresh.storage);
    opened.push(scratch);
  });

  it('applies nothing again, and finds every migration it lists recorded under the same name, in the same order', async () => {
    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded.filter((migration) => /_audit_|_denials_without_row$/.test(migration)).length).toBeGreaterThanOrEqual(3);
    // Only what was written since: every migration the dump recorded is listed, and none of them runs again.
    // A class's name, or the name a room's migration is listed under: either way the name a database records.
    const listed = definition.migrations.map((migration) => migration.name);
    const since = listed.slice(recorded.length);
    expect(listed.slice(0, recorded.length)).toEqual(recorded);
    expect(await before.migrate()).toEqual({ applied: since });
    expect(await recordedMigrations(before)).toEqual(listed);
    // From scratch, the same list under the same names.
    expect(await scratch.migrate()).toEqual({ applied: listed });
  });

  it('ends with the same tables, columns, indexes, constraints, triggers, functions, sequences and comments as a database migrated from scratch', async () => {
    const migrated = await schemaObjects(before);
    expect(migrated.triggers.map((trigger) => trigger.tgname)).toEqual(['audit_entry_no_truncate', 'audit_entry_no_update_or_delete']);
    expect(migrated.functions.map((fn) => fn.proname)).toEqual(['audit_entry_refuse_change']);
    expect(migrated.indexes.map((index) => index.indexname)).toContain('audit_entry_row_ids_index');
    expect(await schemaObjects(scratch)).toEqual(migrated);
  });
});
