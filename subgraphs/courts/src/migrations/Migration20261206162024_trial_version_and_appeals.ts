import { Migration } from '@mikro-orm/migrations';

export class Migration20261206162024_trial_version_and_appeals extends Migration {
  override name = 'Migration20261206162024_trial_version_and_appeals';

  override up(): void | Promise<void> {
    this.addSql(`alter table "courts"."trial" add "version" int not null default 1;`);

    this.addSql(
      `alter table "courts"."conviction" add "appeal_outcome" text null, add "appeal_decided_at" timestamptz null, add "appeal_reference" varchar(64) null, add "appeal_court_id" uuid null;`,
    );
    this.addSql(`alter table "courts"."conviction" alter column "offender_id" drop not null;`);
    this.addSql(
      `alter table "courts"."conviction" add constraint "conviction_appeal_outcome_check" check ("appeal_outcome" in ('UPHELD', 'QUASHED'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "courts"."conviction" drop constraint "conviction_appeal_outcome_check";`);
    this.addSql(
      `alter table "courts"."conviction" drop column "appeal_outcome", drop column "appeal_decided_at", drop column "appeal_reference", drop column "appeal_court_id";`,
    );
    this.addSql(`alter table "courts"."conviction" alter column "offender_id" set not null;`);

    this.addSql(`alter table "courts"."trial" drop column "version";`);
  }
}
