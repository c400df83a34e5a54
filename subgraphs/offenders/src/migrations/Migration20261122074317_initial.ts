import { Migration } from '@mikro-orm/migrations';

export class Migration20261122074317_initial extends Migration {
  override name = 'Migration20261122074317_initial';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "offenders";`);
    this.addSql(
      `create table "offenders"."offender" ("id" uuid not null, "register_number" varchar(32) not null, "full_name" varchar(255) not null, "aliases" text[] not null, "cnic" varchar(15) not null, "date_of_birth" date not null, "address_line1" varchar(255) not null, "address_city" varchar(64) not null, "address_district" varchar(64) not null, "address_province" text not null, "province" text not null, "district" varchar(64) not null, "registered_at" timestamptz not null, "registration_ends_at" date not null, "risk_tier" text not null, "compliance_status" text not null, "last_verified_at" timestamptz null, "next_verification_due" date not null, "missed_notifications" int not null, primary key ("id"));`,
    );
    this.addSql(`alter table "offenders"."offender" add constraint "offender_register_number_unique" unique ("register_number");`);
    this.addSql(`alter table "offenders"."offender" add constraint "offender_cnic_unique" unique ("cnic");`);
    this.addSql(`create index "offender_registration_ends_at_index" on "offenders"."offender" ("registration_ends_at");`);
    this.addSql(`create index "offender_registered_at_id_index" on "offenders"."offender" ("registered_at", "id");`);
    this.addSql(`create index "offender_province_registered_at_id_index" on "offenders"."offender" ("province", "registered_at", "id");`);
    this.addSql(`create index "offender_district_registered_at_id_index" on "offenders"."offender" ("district", "registered_at", "id");`);
    this.addSql(`create index "offender_risk_tier_registered_at_id_index" on "offenders"."offender" ("risk_tier", "registered_at", "id");`);
    this.addSql(
      `create index "offender_compliance_status_registered_at_id_index" on "offenders"."offender" ("compliance_status", "registered_at", "id");`,
    );
    this.addSql(
      `create index "offender_province_register_number_id_index" on "offenders"."offender" ("province", "register_number", "id");`,
    );
    this.addSql(
      `create index "offender_district_register_number_id_index" on "offenders"."offender" ("district", "register_number", "id");`,
    );

    this.addSql(
      `create table "offenders"."registrant_notification" ("id" uuid not null, "offender_id" uuid not null, "kind" text not null, "submitted_at" timestamptz not null, "details" text not null, "verified_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(
      `create index "registrant_notification_offender_id_submitted_at_id_index" on "offenders"."registrant_notification" ("offender_id", "submitted_at", "id");`,
    );

    this.addSql(`create table "offenders"."seed_run" ("id" serial primary key, "scale" int not null, "seeded_at" timestamptz not null);`);

    this.addSql(
      `alter table "offenders"."offender" add constraint "offender_address_province_check" check ("address_province" in ('PUNJAB', 'SINDH', 'KHYBER_PAKHTUNKHWA', 'BALOCHISTAN', 'ISLAMABAD_CAPITAL_TERRITORY', 'GILGIT_BALTISTAN', 'AZAD_JAMMU_KASHMIR'));`,
    );
    this.addSql(
      `alter table "offenders"."offender" add constraint "offender_province_check" check ("province" in ('PUNJAB', 'SINDH', 'KHYBER_PAKHTUNKHWA', 'BALOCHISTAN', 'ISLAMABAD_CAPITAL_TERRITORY', 'GILGIT_BALTISTAN', 'AZAD_JAMMU_KASHMIR'));`,
    );
    this.addSql(
      `alter table "offenders"."offender" add constraint "offender_risk_tier_check" check ("risk_tier" in ('LOW', 'MEDIUM', 'HIGH'));`,
    );
    this.addSql(
      `alter table "offenders"."offender" add constraint "offender_compliance_status_check" check ("compliance_status" in ('COMPLIANT', 'VERIFICATION_OVERDUE', 'NON_COMPLIANT', 'ABSCONDED'));`,
    );

    this.addSql(
      `alter table "offenders"."registrant_notification" add constraint "registrant_notification_offender_id_foreign" foreign key ("offender_id") references "offenders"."offender" ("id");`,
    );
    this.addSql(
      `alter table "offenders"."registrant_notification" add constraint "registrant_notification_kind_check" check ("kind" in ('CHANGE_OF_NAME', 'CHANGE_OF_ADDRESS', 'DOMESTIC_TRAVEL', 'INTERNATIONAL_TRAVEL', 'PERIODIC_VERIFICATION'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "offenders"."registrant_notification" drop constraint "registrant_notification_offender_id_foreign";`);

    this.addSql(`drop table if exists "offenders"."offender" cascade;`);
    this.addSql(`drop table if exists "offenders"."registrant_notification" cascade;`);
    this.addSql(`drop table if exists "offenders"."seed_run" cascade;`);

    this.addSql(`drop schema if exists "offenders";`);
  }
}
