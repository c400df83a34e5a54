import { MikroORM } from '@mikro-orm/postgresql';

/** One statement on a PostgreSQL server (the database its URL names), outside any subgraph: its rows. */
export async function sqlOnServer<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const orm = await MikroORM.init({ clientUrl: url, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: true });
  try {
    return (await orm.em.getConnection().execute(sql, params)) as T[];
  } finally {
    await orm.close(true);
  }
}
