import type { EntityManager } from '@mikro-orm/core';

interface Definition {
  /** Schema-qualified and quoted, ready for SQL. */
  table: string;
  name: string;
  definition: string;
}

/**
 * Runs a bulk load into the given empty tables the way pg_restore does: foreign keys,
 * primary and unique keys and secondary indexes are dropped first, the rows
 * go into bare tables, then the keys and indexes are rebuilt, each in one
 * sorted pass, and the foreign keys re-validated in one join each. That is
 * many times faster than maintaining a dozen B-trees and a foreign-key check
 * per row through a million random inserts, and ends with the same checks:
 * a duplicate key or a dangling reference fails the load.
 *
 * What comes back is exactly what PostgreSQL reported before the drop
 * (`pg_get_constraintdef`, `pg_indexes.indexdef`), so the schema the
 * migrations made is left as it was. Check constraints stay throughout. Runs
 * inside the caller's transaction, so on failure nothing has changed.
 */
export async function withKeysAndIndexesDeferred<T>(
  em: EntityManager,
  schema: string,
  tables: readonly string[],
  load: () => Promise<T>,
): Promise<T> {
  const connection = em.getConnection();
  const tableList = `{${tables.map((table) => `"${table}"`).join(',')}}`;
  const run = <R>(sql: string, params: unknown[] = []) => connection.execute<R>(sql, params, 'all', em.getTransactionContext());
  const constraints = (types: string) =>
    run<Definition[]>(
      `select format('%I.%I', n.nspname, t.relname) as "table", c.conname as "name", pg_get_constraintdef(c.oid) as "definition"
       from pg_constraint c join pg_namespace n on n.oid = c.connamespace join pg_class t on t.oid = c.conrelid
       where n.nspname = ? and t.relname = any(?::text[]) and c.contype = any(?::char[]) order by c.conname`,
      [schema, tableList, `{${types}}`],
    );
  const foreignKeys = await constraints('f');
  const keys = await constraints('p,u');
  const indexes = await run<Definition[]>(
    `select format('%I.%I', i.schemaname, i.tablename) as "table", i.indexname as "name", i.indexdef as "definition" from pg_indexes i
     where i.schemaname = ? and i.tablename = any(?::text[])
       and not exists (select 1 from pg_constraint c join pg_namespace n on n.oid = c.connamespace
                       where n.nspname = i.schemaname and c.conname = i.indexname)
     order by i.indexname`,
    [schema, tableList],
  );

  for (const fk of foreignKeys) await run(`alter table ${fk.table} drop constraint "${fk.name}"`);
  for (const key of keys) await run(`alter table ${key.table} drop constraint "${key.name}"`);
  for (const index of indexes) await run(`drop index "${schema}"."${index.name}"`);

  const result = await load();

  for (const key of keys) await run(`alter table ${key.table} add constraint "${key.name}" ${key.definition}`);
  for (const index of indexes) await run(index.definition);
  for (const fk of foreignKeys) await run(`alter table ${fk.table} add constraint "${fk.name}" ${fk.definition}`);
  // Fresh statistics, so the planner picks the indexes just built before autovacuum gets round to it.
  const analysed = [...new Set([...keys, ...indexes].map((definition) => definition.table))];
  if (analysed.length > 0) await run(`analyze ${analysed.join(', ')}`);
  return result;
}
