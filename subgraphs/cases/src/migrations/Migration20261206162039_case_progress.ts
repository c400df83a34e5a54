import { Migration } from '@mikro-orm/migrations';

export class Migration20261206162039_case_progress extends Migration {
  override name = 'Migration20261206162039_case_progress';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "cases"."case_closure" ("case_id" uuid not null, "reason" text not null, "explanation" text not null, "closed_at" timestamptz not null, primary key ("case_id"));`,
    );

    this.addSql(`alter table "cases"."counselling_session" add "notes" text null;`);

    this.addSql(`alter table "cases"."investigation" add "charge_sheet_sections" text[] null;`);

    this.addSql(
      `alter table "cases"."case_closure" add constraint "case_closure_case_id_foreign" foreign key ("case_id") references "cases"."case" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "cases"."case_closure" add constraint "case_closure_reason_check" check ("reason" in ('SURVIVOR_DECLINED', 'DUPLICATE_REPORT', 'UNTRACED', 'INSUFFICIENT_EVIDENCE'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "cases"."case_closure" cascade;`);

    this.addSql(`alter table "cases"."counselling_session" drop column "notes";`);

    this.addSql(`alter table "cases"."investigation" drop column "charge_sheet_sections";`);
  }
}
