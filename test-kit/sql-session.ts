import { MikroORM as PgliteMikroORM } from '@mikro-orm/pglite';
import { MikroORM as PostgresMikroORM } from '@mikro-orm/postgresql';
import { copyOfWorld } from './database-templates.ts';

export interface SqlSession {
  /** One statement, `?` placeholders, in this session (what `set` changes stays set): its rows. */
  execute<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * One session on a new, empty database of the suite's kind, PGlite or (with
 * TEST_DATABASE_URL) PostgreSQL: for tests of SQL the product writes, run on
 * both, outside any subgraph.
 */
export async function sqlSession(label: string): Promise<SqlSession> {
  const copy = await copyOfWorld(label, 'empty');
  const storage = copy.storageOf('cases');
  const common = { entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: true };
  const orm =
    storage.kind === 'postgres'
      ? // One connection, so every statement runs in the same session.
        await PostgresMikroORM.init({ ...common, clientUrl: storage.url, pool: { min: 1, max: 1 } })
      : await PgliteMikroORM.init({ ...common, dbName: storage.dataDir, driverOptions: () => ({ loadDataDir: storage.loadDataDir }) });
  return {
    execute: async <T>(sql: string, params: unknown[] = []) => (await orm.em.getConnection().execute(sql, params)) as T[],
    close: async () => {
      await orm.close(true);
      await copy.drop();
    },
  };
}
