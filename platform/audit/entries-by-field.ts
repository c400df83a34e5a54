import { AUDIT_TABLE } from './audit-entry.entity.ts';
import type { MigrationSql } from './append-only.ts';

/**
 * The migration, in every subgraph that keeps a trail, from one entry per
 * read (`row_id`) to one entry per request and field naming its rows
 * (`row_ids`, audit-entry/v2). The first format's entries stay as written,
 * hashes and all; only their index becomes partial, since later entries
 * leave `row_id` null. Going back is refused once an entry uses `row_ids`:
 * dropping the column would lose the rows it names.
 */
export function auditEntriesByFieldSql(schema: string): MigrationSql {
  const table = `"${schema}"."${AUDIT_TABLE}"`;
  return {
    up: [
      `drop index "${schema}"."audit_entry_row_id_seq_index";`,
      `alter table ${table} add "row_ids" uuid[] null;`,
      `create index "audit_entry_row_ids_index" on ${table} using gin ("row_ids");`,
      `create index "audit_entry_row_id_seq_index" on ${table} ("row_id", "seq") where row_id is not null;`,
    ],
    down: [
      `do $$ begin
  if exists (select 1 from ${table} where "row_ids" is not null) then
    raise exception 'audit entries name their rows in row_ids: dropping it would lose them';
  end if;
end $$;`,
      `drop index "${schema}"."audit_entry_row_ids_index";`,
      `drop index "${schema}"."audit_entry_row_id_seq_index";`,
      `alter table ${table} drop column "row_ids";`,
      `create index "audit_entry_row_id_seq_index" on ${table} ("row_id", "seq");`,
    ],
  };
}
