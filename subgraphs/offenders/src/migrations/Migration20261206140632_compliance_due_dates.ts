import { Migration } from '@mikro-orm/migrations';

/**
 * Compliance is no longer stored but judged on the day it is read from the
 * dates duties fall due (src/compliance/). The stored status of each existing
 * entry is carried into those dates, so every entry reads as the status it
 * had when the migration ran, before the status column goes:
 *   - ABSCONDED: absconded since the migration (the register kept no earlier time);
 *   - NON_COMPLIANT: a missed deadline, the day before the migration;
 *   - VERIFICATION_OVERDUE: due no later than the day before the migration;
 *   - COMPLIANT: a verification due before the migration is taken as due that day.
 * Notifications recorded so far have no day of change or departure: they have
 * no deadline and are never judged late (occurs_on null).
 * "The day of the migration" is Pakistan's date, as the rules count days.
 */
export class Migration20261206140632_compliance_due_dates extends Migration {
  override name = 'Migration20261206140632_compliance_due_dates';

  override up(): void | Promise<void> {
    this.addSql(`alter table "offenders"."offender" add "missed_deadline" date null, add "absconded_at" timestamptz null;`);
    this.addSql(`alter table "offenders"."registrant_notification" add "occurs_on" date null;`);

    this.addSql(`update "offenders"."offender" set "absconded_at" = now() where "compliance_status" = 'ABSCONDED';`);
    this.addSql(
      `update "offenders"."offender" set "missed_deadline" = (now() at time zone 'Asia/Karachi')::date - 1 where "compliance_status" = 'NON_COMPLIANT';`,
    );
    this.addSql(
      `update "offenders"."offender" set "next_verification_due" = least("next_verification_due", (now() at time zone 'Asia/Karachi')::date - 1) where "compliance_status" = 'VERIFICATION_OVERDUE';`,
    );
    this.addSql(
      `update "offenders"."offender" set "next_verification_due" = (now() at time zone 'Asia/Karachi')::date where "compliance_status" = 'COMPLIANT' and "next_verification_due" < (now() at time zone 'Asia/Karachi')::date;`,
    );

    this.addSql(`drop index "offenders"."offender_compliance_status_registered_at_id_index";`);
    this.addSql(`alter table "offenders"."offender" drop constraint "offender_compliance_status_check";`);
    this.addSql(`alter table "offenders"."offender" drop column "compliance_status";`);
    this.addSql(`create index "offender_next_verification_due_id_index" on "offenders"."offender" ("next_verification_due", "id");`);
    this.addSql(
      `create index "offender_province_next_verification_due_id_index" on "offenders"."offender" ("province", "next_verification_due", "id");`,
    );
    this.addSql(
      `create index "offender_district_next_verification_due_id_index" on "offenders"."offender" ("district", "next_verification_due", "id");`,
    );
    this.addSql(`create index "offender_missed_deadline_index" on "offenders"."offender" ("missed_deadline");`);
    this.addSql(`create index "offender_absconded_at_index" on "offenders"."offender" ("absconded_at");`);
  }

  /** Back to a stored status: each entry's as judged on the day the migration is undone. */
  override down(): void | Promise<void> {
    this.addSql(`alter table "offenders"."offender" add "compliance_status" text null;`);
    this.addSql(`update "offenders"."offender" set "compliance_status" = case
      when "absconded_at" is not null then 'ABSCONDED'
      when "missed_deadline" < (now() at time zone 'Asia/Karachi')::date then 'NON_COMPLIANT'
      when "next_verification_due" < (now() at time zone 'Asia/Karachi')::date and "registration_ends_at" >= (now() at time zone 'Asia/Karachi')::date then 'VERIFICATION_OVERDUE'
      else 'COMPLIANT' end;`);
    this.addSql(`alter table "offenders"."offender" alter column "compliance_status" set not null;`);
    this.addSql(
      `alter table "offenders"."offender" add constraint "offender_compliance_status_check" check ("compliance_status" in ('COMPLIANT', 'VERIFICATION_OVERDUE', 'NON_COMPLIANT', 'ABSCONDED'));`,
    );
    this.addSql(
      `create index "offender_compliance_status_registered_at_id_index" on "offenders"."offender" ("compliance_status", "registered_at", "id");`,
    );

    this.addSql(`drop index "offenders"."offender_next_verification_due_id_index";`);
    this.addSql(`drop index "offenders"."offender_province_next_verification_due_id_index";`);
    this.addSql(`drop index "offenders"."offender_district_next_verification_due_id_index";`);
    this.addSql(`drop index "offenders"."offender_missed_deadline_index";`);
    this.addSql(`drop index "offenders"."offender_absconded_at_index";`);
    this.addSql(`alter table "offenders"."offender" drop column "missed_deadline", drop column "absconded_at";`);
    this.addSql(`alter table "offenders"."registrant_notification" drop column "occurs_on";`);
  }
}
