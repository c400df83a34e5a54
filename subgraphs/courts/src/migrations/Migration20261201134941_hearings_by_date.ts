import { Migration } from '@mikro-orm/migrations';

export class Migration20261201134941_hearings_by_date extends Migration {
  override name = 'Migration20261201134941_hearings_by_date';

  override up(): void | Promise<void> {
    this.addSql(`create index "hearing_scheduled_for_index" on "courts"."hearing" ("scheduled_for");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "courts"."hearing_scheduled_for_index";`);
  }
}
