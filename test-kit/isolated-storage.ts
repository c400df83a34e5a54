import type { StorageLocation } from '#storage';
import type { SubgraphName } from '../subgraphs/index.ts';
import { copyOfWorld } from './database-templates.ts';

export interface IsolatedStorage {
  /** A new, empty database (any subgraph's: they start alike). */
  storage: StorageLocation;
  /** The same, by subgraph. */
  storageOf(name: SubgraphName): StorageLocation;
  /** Drops the database made for the test, if one was. */
  drop(): Promise<void>;
}

/**
 * Empty storage for a test that must not share its database and starts from
 * nothing (a first start, a seed script): a new PGlite cluster in memory, or,
 * when TEST_DATABASE_URL is set, a new PostgreSQL database of its own on that
 * server (so what PGlite cannot show, such as concurrent transactions on
 * several connections, is tested for real). For a database that already holds
 * the world, see `copyOfWorld`.
 */
export async function isolatedStorage(label: string): Promise<IsolatedStorage> {
  const copy = await copyOfWorld(label, 'empty');
  return { storage: copy.storageOf('cases'), storageOf: copy.storageOf, drop: copy.drop };
}
