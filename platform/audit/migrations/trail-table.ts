import { Migration } from '@mikro-orm/migrations';
import { trailSchema } from './trail-schema.ts';

/**
 * The trail's table as first created (generated from the entity on
 * 2026-11-22): one entry per read, each naming its row. Cases and offenders
 * applied it; AuditDenialsWithoutRow follows it there.
 */
export class AuditTrailTable extends Migration {
  override up(): void {
    const schema = trailSchema(this.config);
    this.addSql(
      `create table "${schema}"."audit_entry" ("seq" bigserial primary key, "recorded_at" timestamptz not null, "request_id" varchar(128) not null, "subject" text not null, "agency" text not null, "field" varchar(64) not null, "row_id" uuid not null, "purpose" varchar(64) null, "outcome" text not null, "previous_hash" varchar(64) not null, "hash" varchar(64) not null);`,
    );
    this.addSql(`create index "audit_entry_subject_seq_index" on "${schema}"."audit_entry" ("subject", "seq");`);
    this.addSql(`create index "audit_entry_row_id_seq_index" on "${schema}"."audit_entry" ("row_id", "seq");`);
    this.addSql(`create index "audit_entry_outcome_seq_index" on "${schema}"."audit_entry" ("outcome", "seq");`);
    this.addSql(`create index "audit_entry_recorded_at_seq_index" on "${schema}"."audit_entry" ("recorded_at", "seq");`);

    this.addSql(
      `alter table "${schema}"."audit_entry" add constraint "audit_entry_agency_check" check ("agency" in ('ARCC', 'SSOIU', 'PROSECUTION', 'COURT', 'NPB', 'NADRA', 'SUPPORT_ADVISER', 'SPECIAL_COMMITTEE', 'AUDITOR', 'PUBLIC'));`,
    );
    this.addSql(
      `alter table "${schema}"."audit_entry" add constraint "audit_entry_outcome_check" check ("outcome" in ('ALLOWED', 'DENIED'));`,
    );
  }

  override down(): void {
    const schema = trailSchema(this.config);
    this.addSql(`drop table if exists "${schema}"."audit_entry" cascade;`);
  }
}
