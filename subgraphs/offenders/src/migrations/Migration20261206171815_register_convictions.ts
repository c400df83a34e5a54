import { Migration } from '@mikro-orm/migrations';

export class Migration20261206171815_register_convictions extends Migration {
  override name = 'Migration20261206171815_register_convictions';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "offenders"."register_conviction" ("conviction_id" uuid not null, "offender_id" uuid not null, "event_id" uuid not null, "created_entry" boolean not null, "trial_id" uuid not null, "case_number" varchar(32) not null, "offence_section" varchar(64) not null, "convicted_at" timestamptz not null, "risk_tier" text not null, "registration_ends_at" date not null, "prior_risk_tier" text null, "prior_registration_ends_at" date null, "recorded_at" timestamptz not null, "quashed_at" timestamptz null, "quash_event_id" uuid null, primary key ("conviction_id"));`,
    );
    this.addSql(`create index "register_conviction_offender_id_index" on "offenders"."register_conviction" ("offender_id");`);
    this.addSql(`alter table "offenders"."register_conviction" add constraint "register_conviction_event_id_unique" unique ("event_id");`);

    this.addSql(
      `create table "offenders"."register_number_counter" ("province_code" varchar(8) collate "C" not null, "year" smallint not null, "last_seq" int not null, primary key ("province_code", "year"));`,
    );

    this.addSql(`alter table "offenders"."offender" alter column "date_of_birth" drop not null;`);
    this.addSql(`alter table "offenders"."offender" alter column "address_line1" drop not null;`);
    this.addSql(`alter table "offenders"."offender" alter column "address_city" drop not null;`);
    this.addSql(`alter table "offenders"."offender" alter column "address_district" drop not null;`);
    this.addSql(`alter table "offenders"."offender" alter column "address_province" drop not null;`);

    this.addSql(
      `alter table "offenders"."register_conviction" add constraint "register_conviction_offender_id_foreign" foreign key ("offender_id") references "offenders"."offender" ("id");`,
    );
    this.addSql(
      `alter table "offenders"."register_conviction" add constraint "register_conviction_risk_tier_check" check ("risk_tier" in ('LOW', 'MEDIUM', 'HIGH'));`,
    );
    this.addSql(
      `alter table "offenders"."register_conviction" add constraint "register_conviction_prior_risk_tier_check" check ("prior_risk_tier" in ('LOW', 'MEDIUM', 'HIGH'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "offenders"."register_conviction" cascade;`);
    this.addSql(`drop table if exists "offenders"."register_number_counter" cascade;`);

    this.addSql(`alter table "offenders"."offender" alter column "date_of_birth" set not null;`);
    this.addSql(`alter table "offenders"."offender" alter column "address_line1" set not null;`);
    this.addSql(`alter table "offenders"."offender" alter column "address_city" set not null;`);
    this.addSql(`alter table "offenders"."offender" alter column "address_district" set not null;`);
    this.addSql(`alter table "offenders"."offender" alter column "address_province" set not null;`);
  }
}
