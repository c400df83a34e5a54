import { Migration } from '@mikro-orm/migrations';

export class Migration20261122074112_initial extends Migration {
  override name = 'Migration20261122074112_initial';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "courts";`);
    this.addSql(
      `create table "courts"."prosecutor" ("id" uuid not null, "name" varchar(255) not null, "office" varchar(255) not null, "district" varchar(64) not null, "province" text not null, primary key ("id"));`,
    );
    this.addSql(`create index "prosecutor_district_index" on "courts"."prosecutor" ("district");`);

    this.addSql(`create table "courts"."seed_run" ("id" serial primary key, "scale" int not null, "seeded_at" timestamptz not null);`);

    this.addSql(
      `create table "courts"."special_court" ("id" uuid not null, "code" varchar(8) not null, "name" varchar(255) not null, "judge" varchar(255) not null, "district" varchar(64) not null, "province" text not null, primary key ("id"));`,
    );
    this.addSql(`alter table "courts"."special_court" add constraint "special_court_code_unique" unique ("code");`);
    this.addSql(`create index "special_court_district_index" on "courts"."special_court" ("district");`);
    this.addSql(`create index "special_court_province_index" on "courts"."special_court" ("province");`);

    this.addSql(
      `create table "courts"."trial" ("id" uuid not null, "case_id" uuid not null, "case_number" varchar(32) not null, "court_id" uuid not null, "prosecutor_id" uuid not null, "province" text not null, "district" varchar(64) not null, "status" text not null, "filed_at" timestamptz not null, "decided_at" timestamptz null, "verdict_outcome" text null, primary key ("id"));`,
    );
    this.addSql(`alter table "courts"."trial" add constraint "trial_case_id_unique" unique ("case_id");`);
    this.addSql(`alter table "courts"."trial" add constraint "trial_case_number_unique" unique ("case_number");`);
    this.addSql(`create index "trial_prosecutor_id_index" on "courts"."trial" ("prosecutor_id");`);
    this.addSql(`create index "trial_filed_at_id_index" on "courts"."trial" ("filed_at", "id");`);
    this.addSql(`create index "trial_province_filed_at_id_index" on "courts"."trial" ("province", "filed_at", "id");`);
    this.addSql(`create index "trial_district_filed_at_id_index" on "courts"."trial" ("district", "filed_at", "id");`);
    this.addSql(`create index "trial_court_id_filed_at_id_index" on "courts"."trial" ("court_id", "filed_at", "id");`);
    this.addSql(`create index "trial_status_filed_at_id_index" on "courts"."trial" ("status", "filed_at", "id");`);
    this.addSql(`create index "trial_pending_filed_at_id_index" on "courts"."trial" ("filed_at", "id") where "decided_at" is null;`);

    this.addSql(
      `create table "courts"."hearing" ("id" uuid not null, "trial_id" uuid not null, "scheduled_for" timestamptz not null, "purpose" varchar(255) not null, "outcome" text not null, "adjournment_reason" varchar(255) null, "in_camera" boolean not null, primary key ("id"));`,
    );
    this.addSql(`create index "hearing_trial_id_scheduled_for_index" on "courts"."hearing" ("trial_id", "scheduled_for");`);

    this.addSql(
      `create table "courts"."conviction" ("id" uuid not null, "trial_id" uuid not null, "offender_id" uuid not null, "suspect_position" smallint not null, "offence_section" varchar(64) not null, "convicted_at" timestamptz not null, "sentence_description" varchar(255) not null, "imprisonment_years" smallint null, "life_imprisonment" boolean not null, "death" boolean not null, "fine_rupees" int null, primary key ("id"));`,
    );
    this.addSql(`create index "conviction_trial_id_index" on "courts"."conviction" ("trial_id");`);
    this.addSql(`create index "conviction_offender_id_index" on "courts"."conviction" ("offender_id");`);

    this.addSql(
      `create table "courts"."charge" ("trial_id" uuid not null, "position" smallint not null, "offence_section" varchar(64) not null, "framed_at" timestamptz not null, "accused_name" varchar(255) not null, "suspect_position" smallint not null, primary key ("trial_id", "position"));`,
    );

    this.addSql(
      `alter table "courts"."prosecutor" add constraint "prosecutor_province_check" check ("province" in ('PUNJAB', 'SINDH', 'KHYBER_PAKHTUNKHWA', 'BALOCHISTAN', 'ISLAMABAD_CAPITAL_TERRITORY', 'GILGIT_BALTISTAN', 'AZAD_JAMMU_KASHMIR'));`,
    );

    this.addSql(
      `alter table "courts"."special_court" add constraint "special_court_province_check" check ("province" in ('PUNJAB', 'SINDH', 'KHYBER_PAKHTUNKHWA', 'BALOCHISTAN', 'ISLAMABAD_CAPITAL_TERRITORY', 'GILGIT_BALTISTAN', 'AZAD_JAMMU_KASHMIR'));`,
    );

    this.addSql(
      `alter table "courts"."trial" add constraint "trial_court_id_foreign" foreign key ("court_id") references "courts"."special_court" ("id");`,
    );
    this.addSql(
      `alter table "courts"."trial" add constraint "trial_prosecutor_id_foreign" foreign key ("prosecutor_id") references "courts"."prosecutor" ("id");`,
    );
    this.addSql(
      `alter table "courts"."trial" add constraint "trial_province_check" check ("province" in ('PUNJAB', 'SINDH', 'KHYBER_PAKHTUNKHWA', 'BALOCHISTAN', 'ISLAMABAD_CAPITAL_TERRITORY', 'GILGIT_BALTISTAN', 'AZAD_JAMMU_KASHMIR'));`,
    );
    this.addSql(
      `alter table "courts"."trial" add constraint "trial_status_check" check ("status" in ('CHARGE_FRAMED', 'PROSECUTION_EVIDENCE', 'DEFENCE_EVIDENCE', 'ARGUMENTS', 'DECIDED', 'TRANSFERRED'));`,
    );
    this.addSql(
      `alter table "courts"."trial" add constraint "trial_verdict_outcome_check" check ("verdict_outcome" in ('CONVICTED', 'ACQUITTED', 'PARTLY_CONVICTED', 'COMPROMISE_REJECTED_CONVICTED'));`,
    );

    this.addSql(
      `alter table "courts"."hearing" add constraint "hearing_trial_id_foreign" foreign key ("trial_id") references "courts"."trial" ("id");`,
    );
    this.addSql(
      `alter table "courts"."hearing" add constraint "hearing_outcome_check" check ("outcome" in ('SCHEDULED', 'HELD', 'ADJOURNED'));`,
    );

    this.addSql(
      `alter table "courts"."conviction" add constraint "conviction_trial_id_foreign" foreign key ("trial_id") references "courts"."trial" ("id");`,
    );

    this.addSql(
      `alter table "courts"."charge" add constraint "charge_trial_id_foreign" foreign key ("trial_id") references "courts"."trial" ("id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "courts"."trial" drop constraint "trial_prosecutor_id_foreign";`);
    this.addSql(`alter table "courts"."trial" drop constraint "trial_court_id_foreign";`);
    this.addSql(`alter table "courts"."hearing" drop constraint "hearing_trial_id_foreign";`);
    this.addSql(`alter table "courts"."conviction" drop constraint "conviction_trial_id_foreign";`);
    this.addSql(`alter table "courts"."charge" drop constraint "charge_trial_id_foreign";`);

    this.addSql(`drop table if exists "courts"."prosecutor" cascade;`);
    this.addSql(`drop table if exists "courts"."seed_run" cascade;`);
    this.addSql(`drop table if exists "courts"."special_court" cascade;`);
    this.addSql(`drop table if exists "courts"."trial" cascade;`);
    this.addSql(`drop table if exists "courts"."hearing" cascade;`);
    this.addSql(`drop table if exists "courts"."conviction" cascade;`);
    this.addSql(`drop table if exists "courts"."charge" cascade;`);

    this.addSql(`drop schema if exists "courts";`);
  }
}
