import { defineEntity, p } from '@mikro-orm/core';

/**
 * A row of the idempotency keys (idempotency.ts), for the schema diff that
 * checks a subgraph's migrations against its entities: the store reads and
 * writes it in SQL of its own. Listed among the entities of a subgraph that
 * lists IdempotencyKeysTable among its migrations.
 */
export const IdempotencyKeySchema = defineEntity({
  name: 'IdempotencyKey',
  tableName: 'idempotency_key',
  properties: {
    caller: p.text().primary(),
    key: p.text().primary(),
    fingerprint: p.text(),
    state: p.enum(['IN_PROGRESS', 'COMMITTED', 'DONE'] as const),
    outcome: p.text().nullable(),
    response: p.text().nullable(),
    lockedUntil: p.datetime(),
    expiresAt: p.datetime().index('idempotency_key_expires_at_index'),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
