import { Migration } from '@mikro-orm/migrations';

export class Migration20261206171809_trial_accused_and_case_numbers extends Migration {
  override name = 'Migration20261206171809_trial_accused_and_case_numbers';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "courts"."trial_accused" ("trial_id" uuid not null, "suspect_position" smallint not null, "suspect_id" uuid not null, "name" varchar(128) not null, "cnic" varchar(15) null, primary key ("trial_id", "suspect_position"));`,
    );

    this.addSql(
      `create table "courts"."trial_number_counter" ("court_code" varchar(8) collate "C" not null, "year" smallint not null, "last_seq" int not null, primary key ("court_code", "year"));`,
    );

    this.addSql(
      `alter table "courts"."trial_accused" add constraint "trial_accused_trial_id_foreign" foreign key ("trial_id") references "courts"."trial" ("id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "courts"."trial_accused" cascade;`);
    this.addSql(`drop table if exists "courts"."trial_number_counter" cascade;`);
  }
}
