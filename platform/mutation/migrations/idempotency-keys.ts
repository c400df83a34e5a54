import { Migration } from '@mikro-orm/migrations';
import type { Configuration } from '@mikro-orm/core';

/**
 * The table of idempotency keys (DESIGN section 7; idempotency.ts), in the
 * schema of the subgraph that owns the mutations (`migrations.schema`), its
 * SQL written out and frozen: a change is a new migration here, listed by
 * each subgraph under a name of its own.
 */
export class IdempotencyKeysTable extends Migration {
  override up(): void {
    const schema = keysSchema(this.config);
    this.addSql(`create table "${schema}"."idempotency_key" (
  "caller" text not null,
  "key" text not null,
  "fingerprint" text not null,
  "state" text not null check ("state" in ('IN_PROGRESS', 'COMMITTED', 'DONE')),
  "outcome" text null,
  "response" text null,
  "locked_until" timestamptz not null,
  "expires_at" timestamptz not null,
  "created_at" timestamptz not null default now(),
  constraint "idempotency_key_pkey" primary key ("caller", "key")
);`);
    this.addSql(`create index "idempotency_key_expires_at_index" on "${schema}"."idempotency_key" ("expires_at");`);
  }

  override down(): void {
    this.addSql(`drop table if exists "${keysSchema(this.config)}"."idempotency_key";`);
  }
}

function keysSchema(config: Configuration): string {
  const schema = config.get('migrations').schema;
  if (!schema || !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`the idempotency keys' migration needs the subgraph's schema as migrations.schema; got ${JSON.stringify(schema)}`);
  }
  return schema;
}
