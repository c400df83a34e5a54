import { Migration } from '@mikro-orm/migrations';
import { trailSchema } from './trail-schema.ts';

/** A refusal decided before any row was read names no row: `row_id` may be null (after AuditTrailTable). */
export class AuditDenialsWithoutRow extends Migration {
  override up(): void {
    const schema = trailSchema(this.config);
    this.addSql(`alter table "${schema}"."audit_entry" alter column "row_id" drop not null;`);
  }

  override down(): void {
    const schema = trailSchema(this.config);
    this.addSql(`alter table "${schema}"."audit_entry" alter column "row_id" set not null;`);
  }
}
