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

/** Creates the database a PostgreSQL URL names, when the server has none by that name (a plain name only). */
export async function createDatabaseIfMissing(url: string, log: (line: string) => void = () => {}) {
  try {
    await sqlOnServer(url, 'select 1');
  } catch (error) {
    if (!/does not exist/.test(String((error as Error).message))) throw error;
    const name = new URL(url).pathname.slice(1);
    if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`will not create a database named "${name}"`);
    const server = new URL(url);
    server.pathname = '/postgres';
    log(`creating database ${name}`);
    await sqlOnServer(server.toString(), `create database "${name}"`);
  }
}
