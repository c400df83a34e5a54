import { Migration } from '@mikro-orm/migrations';

export class Migration20261201134950_notifications_by_date extends Migration {
  override name = 'Migration20261201134950_notifications_by_date';

  override up(): void | Promise<void> {
    this.addSql(`create index "registrant_notification_submitted_at_index" on "offenders"."registrant_notification" ("submitted_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "offenders"."registrant_notification_submitted_at_index";`);
  }
}
