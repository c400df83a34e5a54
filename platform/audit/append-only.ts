import { AUDIT_TABLE } from './audit-entry.entity.ts';

/** A migration's statements, for a subgraph's own migration to add (`this.addSql`). */
export interface MigrationSql {
  up: string[];
  down: string[];
}

/**
 * The SQL that makes a subgraph's `audit_entry` append-only in the database
 * itself, whatever the client: one trigger function that raises, fired
 * before every UPDATE and DELETE (row triggers) and every TRUNCATE (a
 * statement trigger; TRUNCATE fires no row triggers). INSERT and SELECT are
 * untouched. For a subgraph's own migration, after the generated one that
 * creates the table:
 *
 *   override up() { for (const sql of appendOnlyAuditTrailSql('cases').up) this.addSql(sql); }
 *
 * A trigger stops the application and anyone using its role by mistake; the
 * table's owner or a superuser can still disable it, which is what the hash
 * chain is for (see chain.ts). In production the graph's role should not own
 * the table, and should hold only INSERT and SELECT on it.
 */
export function appendOnlyAuditTrailSql(schema: string): MigrationSql {
  const table = `"${schema}"."${AUDIT_TABLE}"`;
  const refuse = `"${schema}"."${AUDIT_TABLE}_refuse_change"`;
  return {
    up: [
      `create function ${refuse}() returns trigger language plpgsql as $$
begin
  raise exception '${AUDIT_TABLE} is append-only: % refused', tg_op
    using errcode = 'insufficient_privilege', hint = 'Audit entries are never changed or removed.';
end
$$;`,
      `create trigger "${AUDIT_TABLE}_no_update_or_delete" before update or delete on ${table} for each row execute function ${refuse}();`,
      `create trigger "${AUDIT_TABLE}_no_truncate" before truncate on ${table} for each statement execute function ${refuse}();`,
    ],
    down: [
      `drop trigger if exists "${AUDIT_TABLE}_no_truncate" on ${table};`,
      `drop trigger if exists "${AUDIT_TABLE}_no_update_or_delete" on ${table};`,
      `drop function if exists ${refuse}();`,
    ],
  };
}
