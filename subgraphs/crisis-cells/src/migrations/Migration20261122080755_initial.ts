import { Migration } from '@mikro-orm/migrations';

export class Migration20261122080755_initial extends Migration {
  override name = 'Migration20261122080755_initial';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "crisis_cells";`);
    this.addSql(
      `create table "crisis_cells"."crisis_cell" ("id" uuid not null, "code" varchar(16) not null, "name" varchar(255) not null, "hospital" varchar(255) not null, "address" varchar(255) not null, "city" varchar(64) not null, "district" varchar(64) not null, "province" text not null, "open24hours" boolean not null, "services" text[] not null, "helpline" varchar(32) not null, "capacity" int not null, primary key ("id"));`,
    );
    this.addSql(`alter table "crisis_cells"."crisis_cell" add constraint "crisis_cell_code_unique" unique ("code");`);
    this.addSql(`create index "crisis_cell_district_index" on "crisis_cells"."crisis_cell" ("district");`);
    this.addSql(`create index "crisis_cell_province_index" on "crisis_cells"."crisis_cell" ("province");`);

    this.addSql(
      `create table "crisis_cells"."seed_run" ("id" serial primary key, "scale" int not null, "seeded_at" timestamptz not null);`,
    );

    this.addSql(
      `create table "crisis_cells"."staff_member" ("id" uuid not null, "cell_id" uuid not null, "name" varchar(255) not null, "role" text not null, "shift_start" varchar(5) not null, "shift_end" varchar(5) not null, "phone" varchar(16) not null, primary key ("id"));`,
    );
    this.addSql(`create index "staff_member_cell_id_index" on "crisis_cells"."staff_member" ("cell_id");`);

    this.addSql(
      `alter table "crisis_cells"."crisis_cell" add constraint "crisis_cell_province_check" check ("province" in ('PUNJAB', 'SINDH', 'KHYBER_PAKHTUNKHWA', 'BALOCHISTAN', 'ISLAMABAD_CAPITAL_TERRITORY', 'GILGIT_BALTISTAN', 'AZAD_JAMMU_KASHMIR'));`,
    );

    this.addSql(
      `alter table "crisis_cells"."staff_member" add constraint "staff_member_cell_id_foreign" foreign key ("cell_id") references "crisis_cells"."crisis_cell" ("id");`,
    );
    this.addSql(
      `alter table "crisis_cells"."staff_member" add constraint "staff_member_role_check" check ("role" in ('MEDICO_LEGAL_OFFICER', 'GYNAECOLOGIST', 'NURSE', 'COUNSELLOR', 'LEGAL_ADVISER', 'POLICE_LIAISON_OFFICER', 'CASE_COORDINATOR'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "crisis_cells"."staff_member" drop constraint "staff_member_cell_id_foreign";`);

    this.addSql(`drop table if exists "crisis_cells"."crisis_cell" cascade;`);
    this.addSql(`drop table if exists "crisis_cells"."seed_run" cascade;`);
    this.addSql(`drop table if exists "crisis_cells"."staff_member" cascade;`);

    this.addSql(`drop schema if exists "crisis_cells";`);
  }
}
