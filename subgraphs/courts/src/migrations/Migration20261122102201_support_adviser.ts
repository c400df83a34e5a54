import { Migration } from '@mikro-orm/migrations';

export class Migration20261122102201_support_adviser extends Migration {
  override name = 'Migration20261122102201_support_adviser';

  override up(): void | Promise<void> {
    this.addSql(`alter table "courts"."trial" add "support_adviser_id" uuid null;`);
    this.addSql(`create index "trial_support_adviser_id_filed_at_id_index" on "courts"."trial" ("support_adviser_id", "filed_at", "id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "courts"."trial_support_adviser_id_filed_at_id_index";`);
    this.addSql(`alter table "courts"."trial" drop column "support_adviser_id";`);
  }
}
