import { Migration } from '@mikro-orm/migrations';
import { auditEntriesByFieldSql } from '#audit';

/** One audit entry per request and field, naming its rows (audit-entry/v2); the first format's entries stay as they are. */
export class Migration20261201191659_audit_entries_by_field extends Migration {

  override name = 'Migration20261201191659_audit_entries_by_field';

  override up(): void | Promise<void> {
    for (const sql of auditEntriesByFieldSql('crisis_cells').up) this.addSql(sql);
  }

  override down(): void | Promise<void> {
    for (const sql of auditEntriesByFieldSql('crisis_cells').down) this.addSql(sql);
  }

}
