import { Migration } from '@mikro-orm/migrations';
import { appendOnlyAuditTrailSql } from '#audit';

/**
 * Written by hand (entities cannot express triggers): makes `audit_entry`,
 * created by the generated migration before this one, append-only in the
 * database itself: UPDATE, DELETE and TRUNCATE raise.
 */
export class Migration20261122104529_audit_append_only extends Migration {
  override name = 'Migration20261122104529_audit_append_only';

  override up(): void {
    for (const sql of appendOnlyAuditTrailSql('courts').up) this.addSql(sql);
  }

  override down(): void {
    for (const sql of appendOnlyAuditTrailSql('courts').down) this.addSql(sql);
  }
}
