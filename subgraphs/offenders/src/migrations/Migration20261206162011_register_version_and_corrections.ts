import { Migration } from '@mikro-orm/migrations';

/**
 * The register's write path: every entry carries the version its updates
 * name (existing entries start at 1), and the corrections NPB makes to an
 * entry's identity are kept with their reason (never the values).
 */
export class Migration20261206162011_register_version_and_corrections extends Migration {
  override name = 'Migration20261206162011_register_version_and_corrections';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "offenders"."register_correction" ("id" uuid not null, "offender_id" uuid not null, "corrected_at" timestamptz not null, "corrected_by" text not null, "agency" text not null, "fields" text[] not null, "reason" text not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "register_correction_offender_id_corrected_at_index" on "offenders"."register_correction" ("offender_id", "corrected_at");`,
    );

    this.addSql(`alter table "offenders"."offender" add "version" int not null default 1;`);

    this.addSql(
      `alter table "offenders"."register_correction" add constraint "register_correction_offender_id_foreign" foreign key ("offender_id") references "offenders"."offender" ("id");`,
    );
    this.addSql(
      `alter table "offenders"."register_correction" add constraint "register_correction_agency_check" check ("agency" in ('ARCC', 'SSOIU', 'PROSECUTION', 'COURT', 'NPB', 'NADRA', 'SUPPORT_ADVISER', 'SPECIAL_COMMITTEE', 'AUDITOR', 'PUBLIC'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "offenders"."register_correction" cascade;`);

    this.addSql(`alter table "offenders"."offender" drop column "version";`);
  }
}
