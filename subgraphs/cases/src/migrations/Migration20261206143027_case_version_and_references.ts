import { Migration } from '@mikro-orm/migrations';

export class Migration20261206143027_case_version_and_references extends Migration {
  override name = 'Migration20261206143027_case_version_and_references';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "cases"."case_reference_counter" ("cell_code" varchar(8) collate "C" not null, "year" smallint not null, "last_seq" int not null, primary key ("cell_code", "year"));`,
    );

    this.addSql(
      `create table "cases"."crisis_cell_code" ("cell_id" uuid not null, "code" varchar(8) collate "C" not null, primary key ("cell_id"));`,
    );
    this.addSql(`alter table "cases"."crisis_cell_code" add constraint "crisis_cell_code_code_unique" unique ("code");`);

    this.addSql(`alter table "cases"."case" add "version" int not null default 1;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "cases"."case_reference_counter" cascade;`);
    this.addSql(`drop table if exists "cases"."crisis_cell_code" cascade;`);

    this.addSql(`alter table "cases"."case" drop column "version";`);
  }
}
