import { Migration } from '@mikro-orm/migrations';
import { trailSchema } from './trail-schema.ts';

/**
 * Makes `audit_entry`, created by the migration before this one, append-only
 * in the database itself, whatever the client: one trigger function that
 * raises, fired before every UPDATE and DELETE (row triggers) and every
 * TRUNCATE (a statement trigger; TRUNCATE fires no row triggers). INSERT and
 * SELECT are untouched. Written by hand: entities cannot express triggers.
 *
 * A trigger stops the application and anyone using its role by mistake; the
 * table's owner or a superuser can still disable it, which is what the hash
 * chain is for (see ../chain.ts). In production the graph's role should not
 * own the table, and should hold only INSERT and SELECT on it.
 */
export class AuditTrailAppendOnly extends Migration {
  override up(): void {
    const schema = trailSchema(this.config);
    this.addSql(`create function "${schema}"."audit_entry_refuse_change"() returns trigger language plpgsql as $$
begin
  raise exception 'audit_entry is append-only: % refused', tg_op
    using errcode = 'insufficient_privilege', hint = 'Audit entries are never changed or removed.';
end
$$;`);
    this.addSql(
      `create trigger "audit_entry_no_update_or_delete" before update or delete on "${schema}"."audit_entry" for each row execute function "${schema}"."audit_entry_refuse_change"();`,
    );
    this.addSql(
      `create trigger "audit_entry_no_truncate" before truncate on "${schema}"."audit_entry" for each statement execute function "${schema}"."audit_entry_refuse_change"();`,
    );
  }

  override down(): void {
    const schema = trailSchema(this.config);
    this.addSql(`drop trigger if exists "audit_entry_no_truncate" on "${schema}"."audit_entry";`);
    this.addSql(`drop trigger if exists "audit_entry_no_update_or_delete" on "${schema}"."audit_entry";`);
    this.addSql(`drop function if exists "${schema}"."audit_entry_refuse_change"();`);
  }
}
