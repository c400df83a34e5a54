import { Migration } from '@mikro-orm/migrations';
import { trailSchema } from './trail-schema.ts';

/**
 * From one entry per read (`row_id`) to one entry per request and field
 * naming its rows (`row_ids`, audit-entry/v2). The first format's entries
 * stay as written, hashes and all; only their index becomes partial, since
 * later entries leave `row_id` null. Going back is refused once an entry uses
 * `row_ids`: dropping the column would lose the rows it names.
 */
export class AuditEntriesByField extends Migration {
  override up(): void {
    const schema = trailSchema(this.config);
    this.addSql(`drop index "${schema}"."audit_entry_row_id_seq_index";`);
    this.addSql(`alter table "${schema}"."audit_entry" add "row_ids" uuid[] null;`);
    this.addSql(`create index "audit_entry_row_ids_index" on "${schema}"."audit_entry" using gin ("row_ids");`);
    this.addSql(`create index "audit_entry_row_id_seq_index" on "${schema}"."audit_entry" ("row_id", "seq") where row_id is not null;`);
  }

  override down(): void {
    const schema = trailSchema(this.config);
    this.addSql(`do $$ begin
  if exists (select 1 from "${schema}"."audit_entry" where "row_ids" is not null) then
    raise exception 'audit entries name their rows in row_ids: dropping it would lose them';
  end if;
end $$;`);
    this.addSql(`drop index "${schema}"."audit_entry_row_ids_index";`);
    this.addSql(`drop index "${schema}"."audit_entry_row_id_seq_index";`);
    this.addSql(`alter table "${schema}"."audit_entry" drop column "row_ids";`);
    this.addSql(`create index "audit_entry_row_id_seq_index" on "${schema}"."audit_entry" ("row_id", "seq");`);
  }
}
