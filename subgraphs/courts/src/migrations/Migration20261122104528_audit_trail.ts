import { Migration } from '@mikro-orm/migrations';

export class Migration20261122104528_audit_trail extends Migration {

  override name = 'Migration20261122104528_audit_trail';

  override up(): void | Promise<void> {
    this.addSql(`create table "courts"."audit_entry" ("seq" bigserial primary key, "recorded_at" timestamptz not null, "request_id" varchar(128) not null, "subject" text not null, "agency" text not null, "field" varchar(64) not null, "row_id" uuid null, "purpose" varchar(64) null, "outcome" text not null, "previous_hash" varchar(64) not null, "hash" varchar(64) not null);`);
    this.addSql(`create index "audit_entry_subject_seq_index" on "courts"."audit_entry" ("subject", "seq");`);
    this.addSql(`create index "audit_entry_row_id_seq_index" on "courts"."audit_entry" ("row_id", "seq");`);
    this.addSql(`create index "audit_entry_outcome_seq_index" on "courts"."audit_entry" ("outcome", "seq");`);
    this.addSql(`create index "audit_entry_recorded_at_seq_index" on "courts"."audit_entry" ("recorded_at", "seq");`);

    this.addSql(`alter table "courts"."audit_entry" add constraint "audit_entry_agency_check" check ("agency" in ('ARCC', 'SSOIU', 'PROSECUTION', 'COURT', 'NPB', 'NADRA', 'SUPPORT_ADVISER', 'SPECIAL_COMMITTEE', 'AUDITOR', 'PUBLIC'));`);
    this.addSql(`alter table "courts"."audit_entry" add constraint "audit_entry_outcome_check" check ("outcome" in ('ALLOWED', 'DENIED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "courts"."audit_entry" cascade;`);
  }

}
