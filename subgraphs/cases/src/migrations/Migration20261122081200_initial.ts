import { Migration } from '@mikro-orm/migrations';

export class Migration20261122081200_initial extends Migration {
  override name = 'Migration20261122081200_initial';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "cases";`);
    this.addSql(
      `create table "cases"."case" ("id" uuid not null, "reference" varchar(32) collate "C" not null, "reported_at" timestamptz not null, "category" text not null, "offence_sections" text[] not null, "status" text not null, "province" text not null, "district" varchar(64) not null, "crisis_cell_id" uuid null, "child_survivor" boolean not null, "has_fir" boolean not null, primary key ("id"));`,
    );
    this.addSql(`alter table "cases"."case" add constraint "case_reference_unique" unique ("reference");`);
    this.addSql(`create index "case_reported_at_id_index" on "cases"."case" ("reported_at", "id");`);
    this.addSql(`create index "case_province_reported_at_id_index" on "cases"."case" ("province", "reported_at", "id");`);
    this.addSql(`create index "case_district_reported_at_id_index" on "cases"."case" ("district", "reported_at", "id");`);
    this.addSql(`create index "case_crisis_cell_id_reported_at_id_index" on "cases"."case" ("crisis_cell_id", "reported_at", "id");`);
    this.addSql(`create index "case_status_reported_at_id_index" on "cases"."case" ("status", "reported_at", "id");`);
    this.addSql(`create index "case_category_reported_at_id_index" on "cases"."case" ("category", "reported_at", "id");`);
    this.addSql(`create index "case_child_survivor_reported_at_id_index" on "cases"."case" ("child_survivor", "reported_at", "id");`);
    this.addSql(`create index "case_has_fir_reported_at_id_index" on "cases"."case" ("has_fir", "reported_at", "id");`);
    this.addSql(`create index "case_province_reference_id_index" on "cases"."case" ("province", "reference", "id");`);
    this.addSql(`create index "case_crisis_cell_id_reference_id_index" on "cases"."case" ("crisis_cell_id", "reference", "id");`);

    this.addSql(
      `create table "cases"."case_assignment" ("case_id" uuid not null, "agency" text not null, "assignee_id" uuid not null, primary key ("case_id", "agency", "assignee_id"));`,
    );
    this.addSql(
      `create index "case_assignment_agency_assignee_id_case_id_index" on "cases"."case_assignment" ("agency", "assignee_id", "case_id");`,
    );

    this.addSql(
      `create table "cases"."counselling_session" ("id" uuid not null, "case_id" uuid not null, "held_at" timestamptz not null, "kind" text not null, "counsellor_name" varchar(128) not null, "duration_minutes" smallint not null, primary key ("id"));`,
    );
    this.addSql(`create index "counselling_session_case_id_index" on "cases"."counselling_session" ("case_id");`);

    this.addSql(
      `create table "cases"."evidence_item" ("id" uuid not null, "case_id" uuid not null, "kind" text not null, "description" text not null, "collected_at" timestamptz not null, "collected_by" text not null, "lab_status" text not null, primary key ("id"));`,
    );
    this.addSql(`create index "evidence_item_case_id_index" on "cases"."evidence_item" ("case_id");`);

    this.addSql(
      `create table "cases"."custody_transfer" ("evidence_item_id" uuid not null, "position" smallint not null, "at" timestamptz not null, "from_holder" varchar(255) not null, "to_holder" varchar(255) not null, "seal_intact" boolean not null, primary key ("evidence_item_id", "position"));`,
    );

    this.addSql(
      `create table "cases"."fir" ("case_id" uuid not null, "number" varchar(64) not null, "registered_at" timestamptz not null, "police_station" varchar(128) not null, "district" varchar(64) not null, "sections" text[] not null, primary key ("case_id"));`,
    );
    this.addSql(`alter table "cases"."fir" add constraint "fir_number_unique" unique ("number");`);

    this.addSql(
      `create table "cases"."investigation" ("case_id" uuid not null, "unit_id" uuid not null, "unit_name" varchar(128) not null, "investigating_officer_id" uuid not null, "investigating_officer" varchar(128) not null, "opened_at" timestamptz not null, "status" text not null, "charge_sheet_filed_at" timestamptz null, primary key ("case_id"));`,
    );

    this.addSql(
      `create table "cases"."medico_legal_exam" ("case_id" uuid not null, "examined_at" timestamptz not null, "hours_after_report" double precision not null, "examiner_name" varchar(255) not null, "dna_samples_taken" boolean not null, "forensic_report_at" timestamptz null, "findings_summary" text not null, primary key ("case_id"));`,
    );

    this.addSql(`create table "cases"."seed_run" ("id" serial primary key, "scale" int not null, "seeded_at" timestamptz not null);`);

    this.addSql(
      `create table "cases"."survivor" ("case_id" uuid not null, "pseudonym" varchar(32) not null, "full_name" varchar(128) not null, "cnic" varchar(15) null, "contact_phone" varchar(16) null, "age_at_incident" smallint null, primary key ("case_id"));`,
    );
    this.addSql(`alter table "cases"."survivor" add constraint "survivor_pseudonym_unique" unique ("pseudonym");`);

    this.addSql(
      `create table "cases"."suspect" ("id" uuid not null, "case_id" uuid not null, "position" smallint not null, "name" varchar(128) not null, "cnic" varchar(15) null, "status" text not null, "arrested_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "suspect_case_id_index" on "cases"."suspect" ("case_id");`);
    this.addSql(`create index "suspect_cnic_index" on "cases"."suspect" ("cnic");`);

    this.addSql(
      `alter table "cases"."case" add constraint "case_category_check" check ("category" in ('RAPE', 'GANG_RAPE', 'CHILD_SEXUAL_ABUSE', 'UNNATURAL_OFFENCE', 'SEXUAL_ABUSE', 'CHILD_PORNOGRAPHY', 'TRAFFICKING_FOR_SEXUAL_EXPLOITATION', 'ONLINE_SEXUAL_HARASSMENT'));`,
    );
    this.addSql(
      `alter table "cases"."case" add constraint "case_status_check" check ("status" in ('REPORTED', 'UNDER_INVESTIGATION', 'CHARGE_SHEET_FILED', 'ON_TRIAL', 'DECIDED', 'CLOSED_WITHOUT_TRIAL'));`,
    );
    this.addSql(
      `alter table "cases"."case" add constraint "case_province_check" check ("province" in ('PUNJAB', 'SINDH', 'KHYBER_PAKHTUNKHWA', 'BALOCHISTAN', 'ISLAMABAD_CAPITAL_TERRITORY', 'GILGIT_BALTISTAN', 'AZAD_JAMMU_KASHMIR'));`,
    );

    this.addSql(
      `alter table "cases"."case_assignment" add constraint "case_assignment_case_id_foreign" foreign key ("case_id") references "cases"."case" ("id");`,
    );
    this.addSql(
      `alter table "cases"."case_assignment" add constraint "case_assignment_agency_check" check ("agency" in ('SSOIU', 'PROSECUTION', 'COURT', 'SUPPORT_ADVISER'));`,
    );

    this.addSql(
      `alter table "cases"."counselling_session" add constraint "counselling_session_case_id_foreign" foreign key ("case_id") references "cases"."case" ("id");`,
    );
    this.addSql(
      `alter table "cases"."counselling_session" add constraint "counselling_session_kind_check" check ("kind" in ('PSYCHOLOGICAL', 'TRAUMA_FOCUSED', 'LEGAL_ORIENTATION', 'FAMILY'));`,
    );

    this.addSql(
      `alter table "cases"."evidence_item" add constraint "evidence_item_case_id_foreign" foreign key ("case_id") references "cases"."case" ("id");`,
    );
    this.addSql(
      `alter table "cases"."evidence_item" add constraint "evidence_item_kind_check" check ("kind" in ('DNA_SWAB', 'CLOTHING', 'BLOOD_SAMPLE', 'PHOTOGRAPH', 'DIGITAL_DEVICE', 'CCTV_FOOTAGE', 'DOCUMENT'));`,
    );
    this.addSql(
      `alter table "cases"."evidence_item" add constraint "evidence_item_collected_by_check" check ("collected_by" in ('ARCC', 'SSOIU', 'PROSECUTION', 'COURT', 'NPB', 'NADRA', 'SUPPORT_ADVISER', 'SPECIAL_COMMITTEE', 'AUDITOR', 'PUBLIC'));`,
    );
    this.addSql(
      `alter table "cases"."evidence_item" add constraint "evidence_item_lab_status_check" check ("lab_status" in ('NOT_SENT', 'AWAITING_ANALYSIS', 'ANALYSED', 'INCONCLUSIVE', 'DEGRADED'));`,
    );

    this.addSql(
      `alter table "cases"."custody_transfer" add constraint "custody_transfer_evidence_item_id_foreign" foreign key ("evidence_item_id") references "cases"."evidence_item" ("id");`,
    );

    this.addSql(
      `alter table "cases"."fir" add constraint "fir_case_id_foreign" foreign key ("case_id") references "cases"."case" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "cases"."investigation" add constraint "investigation_case_id_foreign" foreign key ("case_id") references "cases"."case" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "cases"."investigation" add constraint "investigation_status_check" check ("status" in ('OPEN', 'CHARGE_SHEET_FILED', 'CLOSED_UNTRACED', 'CLOSED_INSUFFICIENT_EVIDENCE'));`,
    );

    this.addSql(
      `alter table "cases"."medico_legal_exam" add constraint "medico_legal_exam_case_id_foreign" foreign key ("case_id") references "cases"."case" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "cases"."survivor" add constraint "survivor_case_id_foreign" foreign key ("case_id") references "cases"."case" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "cases"."suspect" add constraint "suspect_case_id_foreign" foreign key ("case_id") references "cases"."case" ("id");`,
    );
    this.addSql(
      `alter table "cases"."suspect" add constraint "suspect_status_check" check ("status" in ('AT_LARGE', 'ARRESTED', 'ON_BAIL', 'DISCHARGED', 'CHARGED'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "cases"."case_assignment" drop constraint "case_assignment_case_id_foreign";`);
    this.addSql(`alter table "cases"."counselling_session" drop constraint "counselling_session_case_id_foreign";`);
    this.addSql(`alter table "cases"."evidence_item" drop constraint "evidence_item_case_id_foreign";`);
    this.addSql(`alter table "cases"."fir" drop constraint "fir_case_id_foreign";`);
    this.addSql(`alter table "cases"."investigation" drop constraint "investigation_case_id_foreign";`);
    this.addSql(`alter table "cases"."medico_legal_exam" drop constraint "medico_legal_exam_case_id_foreign";`);
    this.addSql(`alter table "cases"."survivor" drop constraint "survivor_case_id_foreign";`);
    this.addSql(`alter table "cases"."suspect" drop constraint "suspect_case_id_foreign";`);
    this.addSql(`alter table "cases"."custody_transfer" drop constraint "custody_transfer_evidence_item_id_foreign";`);

    this.addSql(`drop table if exists "cases"."case" cascade;`);
    this.addSql(`drop table if exists "cases"."case_assignment" cascade;`);
    this.addSql(`drop table if exists "cases"."counselling_session" cascade;`);
    this.addSql(`drop table if exists "cases"."evidence_item" cascade;`);
    this.addSql(`drop table if exists "cases"."custody_transfer" cascade;`);
    this.addSql(`drop table if exists "cases"."fir" cascade;`);
    this.addSql(`drop table if exists "cases"."investigation" cascade;`);
    this.addSql(`drop table if exists "cases"."medico_legal_exam" cascade;`);
    this.addSql(`drop table if exists "cases"."seed_run" cascade;`);
    this.addSql(`drop table if exists "cases"."survivor" cascade;`);
    this.addSql(`drop table if exists "cases"."suspect" cascade;`);

    this.addSql(`drop schema if exists "cases";`);
  }
}
