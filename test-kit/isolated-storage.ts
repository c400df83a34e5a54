import { MikroORM } from '@mikro-orm/postgresql';
import type { StorageLocation } from '#storage';

export interface IsolatedStorage {
  storage: StorageLocation;
  /** Drops the database made for the test, if one was. */
  drop(): Promise<void>;
}

/**
 * Storage for a single-subgraph test that must not share its database:
 * in-memory PGlite, or, when TEST_DATABASE_URL is set, a fresh PostgreSQL
 * database of its own on that server (so what PGlite cannot show, such as
 * concurrent transactions on several connections, is tested for real).
 */
export async function isolatedStorage(label: string): Promise<IsolatedStorage> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return { storage: { kind: 'pglite', dataDir: 'memory://' }, drop: async () => {} };
  const name = `${label}_${process.pid}_${Date.now()}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  await sqlOnServer(serverUrl, `create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    storage: { kind: 'postgres', url: url.toString() },
    drop: async () => void (await sqlOnServer(serverUrl, `drop database if exists "${name}" with (force)`)),
  };
}

/** One statement on a PostgreSQL server (the database its URL names), outside any subgraph: its rows. */
export async function sqlOnServer<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const orm = await MikroORM.init({ clientUrl: url, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: true });
  try {
    return (await orm.em.getConnection().execute(sql, params)) as T[];
  } finally {
    await orm.close(true);
  }
}
