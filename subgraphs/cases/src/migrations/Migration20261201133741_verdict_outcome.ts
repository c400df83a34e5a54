import { Migration } from '@mikro-orm/migrations';

export class Migration20261201133741_verdict_outcome extends Migration {
  override name = 'Migration20261201133741_verdict_outcome';

  override up(): void | Promise<void> {
    this.addSql(`alter table "cases"."case" add "verdict_outcome" text null;`);
    this.addSql(
      `alter table "cases"."case" add constraint "case_verdict_outcome_check" check ("verdict_outcome" in ('CONVICTED', 'ACQUITTED', 'PARTLY_CONVICTED', 'COMPROMISE_REJECTED_CONVICTED'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "cases"."case" drop constraint "case_verdict_outcome_check";`);
    this.addSql(`alter table "cases"."case" drop column "verdict_outcome";`);
  }
}
