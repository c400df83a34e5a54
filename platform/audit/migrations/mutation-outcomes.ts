import { Migration } from '@mikro-orm/migrations';
import { trailSchema } from './trail-schema.ts';

/**
 * The trail of a subgraph that serves mutations records each one DONE,
 * REFUSED or INVALID (DESIGN section 7), besides the reads' ALLOWED and
 * DENIED: the outcome's check admits them. Listed by a subgraph when it lists
 * AuditEntryWithMutationsSchema. Going back is refused once an entry records
 * a mutation: the narrower check would not hold.
 */
export class AuditMutationOutcomes extends Migration {
  override up(): void {
    const schema = trailSchema(this.config);
    this.addSql(`alter table "${schema}"."audit_entry" drop constraint "audit_entry_outcome_check";`);
    this.addSql(
      `alter table "${schema}"."audit_entry" add constraint "audit_entry_outcome_check" check ("outcome" in ('ALLOWED', 'DENIED', 'DONE', 'REFUSED', 'INVALID'));`,
    );
  }

  override down(): void {
    const schema = trailSchema(this.config);
    this.addSql(`alter table "${schema}"."audit_entry" drop constraint "audit_entry_outcome_check";`);
    this.addSql(
      `alter table "${schema}"."audit_entry" add constraint "audit_entry_outcome_check" check ("outcome" in ('ALLOWED', 'DENIED'));`,
    );
  }
}
