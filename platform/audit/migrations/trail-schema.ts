import type { Configuration } from '@mikro-orm/core';

/**
 * The schema a migration of the audit trail writes into: the one its run
 * targets (`migrations.schema`, each subgraph's own). It is the only thing
 * these migrations take from outside; their SQL is written out in each.
 */
export function trailSchema(config: Configuration): string {
  const schema = config.get('migrations').schema;
  if (!schema || !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(
      `an audit trail migration needs the subgraph's schema as migrations.schema, a plain lower-case name; got ${JSON.stringify(schema)}`,
    );
  }
  return schema;
}
