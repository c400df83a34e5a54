import type { Configuration } from '@mikro-orm/core';

/** The schema a migration of the events room writes into: the subgraph's own (`migrations.schema`). */
export function eventsSchema(config: Configuration): string {
  const schema = config.get('migrations').schema;
  if (!schema || !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`an events migration needs the subgraph's schema as migrations.schema; got ${JSON.stringify(schema)}`);
  }
  return schema;
}
