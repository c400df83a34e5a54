import { Migration } from '@mikro-orm/migrations';

export class Migration20261122102211_denials_without_row extends Migration {

  override name = 'Migration20261122102211_denials_without_row';

  override up(): void | Promise<void> {
    this.addSql(`alter table "offenders"."audit_entry" alter column "row_id" drop not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "offenders"."audit_entry" alter column "row_id" set not null;`);
  }

}
