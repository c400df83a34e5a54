import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Constructor, EntityManager, EntitySchema, MigrationObject, MikroORM as CoreMikroORM } from '@mikro-orm/core';
import { MikroORM as PostgresMikroORM } from '@mikro-orm/postgresql';
import { MikroORM as PgliteMikroORM } from '@mikro-orm/pglite';
import { Migrator, type Migration } from '@mikro-orm/migrations';
import { SeedManager, type Seeder } from '@mikro-orm/seeder';
import { type Logger, StartupRefusal } from '#service';
import { SeedRunSchema } from './seed-run.entity.ts';
import { AUDIT_TABLE } from '#audit';
import { claimDataDir } from './data-dir-owner.ts';
import { pgliteAssets } from './pglite-assets.ts';
import { withKeysAndIndexesDeferred } from './deferred-indexes.ts';
import { countStatement } from './statement-tally.ts';

/** What a subgraph declares about its storage; the kit does the rest. */
export interface SubgraphDatabaseDefinition {
  subgraph: string;
  // defineEntity classes, listed explicitly.
  // biome-ignore lint/suspicious/noExplicitAny: MikroORM's EntitySchema is invariant in its entity type; any schema is welcome here.
  entities: readonly (EntitySchema<any, any> | Constructor<object>)[];
  /**
   * Committed migrations, oldest first: its own classes, and another room's
   * (the audit trail's) listed as `{ name, class }` under the name its
   * databases recorded them.
   */
  migrations: readonly (Constructor<Migration> | MigrationObject)[];
  /**
   * Its seeder, loaded only when a seed runs: the synthetic world it draws on
   * is no part of a serving process.
   */
  loadSeeder: () => Promise<Constructor<Seeder<SeedContext>>>;
}

export interface SeedContext {
  scale: number;
  logger?: Logger;
}

export type StorageLocation =
  | {
      kind: 'postgres';
      url: string;
      /** Connections this process may hold open at most (`DATABASE_POOL_MAX`); default {@link DEFAULT_POOL_MAX}. */
      poolMax?: number;
    }
  | {
      kind: 'pglite';
      dataDir: string;
      /**
       * Start from a copy of a data directory PGlite dumped (`dumpDataDir()`)
       * instead of an empty cluster: what tests use to start many databases
       * from one migrated (and seeded) template without migrating and seeding each.
       */
      loadDataDir?: Blob;
    };

export interface SubgraphDatabase {
  orm: CoreMikroORM;
  /** The PostgreSQL schema holding this subgraph's tables (one per subgraph, in either mode). */
  schema: string;
  storage: StorageLocation;
  /** SQL statements issued since start; read by /metrics (the subgraph's sql-metrics part) and single-subgraph tests. */
  statementCount(): number;
  /**
   * Calls `listener` with every SQL statement issued from now on (its text,
   * with `?` placeholders, and its parameters) until the returned function is
   * called: for tests that examine the statements themselves (their plans).
   */
  onStatement(listener: StatementListener): () => void;
  fork(): EntityManager;
  migrate(): Promise<{ applied: string[] }>;
  /**
   * Replaces this subgraph's data with a fresh synthetic seed at the given
   * scale, then VACUUMs it (unless `vacuum: false`) so its pages are marked
   * all-visible and counts and index-only scans read the index alone.
   */
  seed(scale: number, logger?: Logger, options?: { vacuum?: boolean }): Promise<void>;
  /**
   * The VACUUM `seed` ends with. Whoever runs seeds in parallel on one
   * server runs it once they are all committed instead: a VACUUM cannot mark
   * rows visible while another transaction (a parallel seed) is open.
   */
  vacuumSeededTables(): Promise<void>;
  isSeeded(): Promise<boolean>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

type StatementListener = (sql: string, params: readonly unknown[]) => void;

export const schemaNameFor = (subgraph: string) => subgraph.replace(/-/g, '_');

/**
 * A process's connections to PostgreSQL at most. Every replica of every
 * subgraph holds up to this many, and together they must stay under the
 * server's `max_connections` (100 by default): lower it where many processes
 * share one server.
 */
export const DEFAULT_POOL_MAX = 10;

/**
 * DATABASE_URL selects PostgreSQL (each subgraph in its own schema); otherwise
 * each subgraph gets its own PGlite cluster under DATA_DIR ('memory://' keeps
 * it in memory, for tests).
 */
export function storageFromEnv(subgraph: string, env: NodeJS.ProcessEnv = process.env): StorageLocation {
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL, poolMax: poolMaxFromEnv(env) };
  const dataDir = env.DATA_DIR ?? '.data';
  if (dataDir.startsWith('memory://')) return { kind: 'pglite', dataDir: 'memory://' };
  return { kind: 'pglite', dataDir: resolve(dataDir, subgraph) };
}

function poolMaxFromEnv(env: NodeJS.ProcessEnv): number {
  const value = env.DATABASE_POOL_MAX;
  if (value === undefined || value === '') return DEFAULT_POOL_MAX;
  if (!/^[1-9]\d{0,3}$/.test(value))
    throw new StartupRefusal(`DATABASE_POOL_MAX must be a whole number of connections from 1 to 9999, not "${value}"`);
  return Number(value);
}

export async function openSubgraphDatabase(
  definition: SubgraphDatabaseDefinition,
  storage: StorageLocation,
  options: { debugSql?: boolean } = {},
): Promise<SubgraphDatabase> {
  const schema = schemaNameFor(definition.subgraph);
  let statements = 0;
  const listeners = new Set<StatementListener>();
  const common = {
    entities: [...definition.entities, SeedRunSchema],
    schema,
    extensions: [Migrator, SeedManager],
    discovery: { warnWhenNoEntities: true },
    allowGlobalContext: false,
    debug: options.debugSql ? ['query' as const] : false,
    onQuery: (sql: string, params: readonly unknown[]) => {
      statements += 1;
      countStatement();
      for (const listener of listeners) listener(sql, params);
      return sql;
    },
    // Triggers are written by hand in migrations of their own (the audit trail's
    // append-only guard: see audit/migrations/append-only.ts), so the schema diff that
    // generates migrations must leave them be rather than drop them.
    schemaGenerator: { ignoreTriggers: true },
    migrations: {
      migrationsList: [...definition.migrations],
      // Each subgraph tracks its migrations in its own schema, so four subgraphs
      // can share one PostgreSQL database without sharing a migrations table.
      schema,
      tableName: 'mikro_orm_migrations',
      snapshot: false,
      silent: true,
    },
  };
  let orm: CoreMikroORM;
  let releaseDataDir = () => {};
  if (storage.kind === 'postgres') {
    orm = await PostgresMikroORM.init({ ...common, clientUrl: storage.url, pool: { min: 1, max: storage.poolMax ?? DEFAULT_POOL_MAX } });
  } else {
    if (storage.dataDir !== 'memory://') {
      mkdirSync(storage.dataDir, { recursive: true });
      releaseDataDir = claimDataDir(storage.dataDir);
    }
    const { loadDataDir } = storage;
    try {
      const shared = await pgliteAssets();
      // driverOptions go to PGlite.create(); given as a function, so the configuration's deep copy leaves the Blob and the module whole.
      orm = await PgliteMikroORM.init({
        ...common,
        dbName: storage.dataDir,
        driverOptions: () => ({ ...shared, ...(loadDataDir ? { loadDataDir } : {}) }),
      });
    } catch (error) {
      releaseDataDir();
      throw error;
    }
  }

  const connection = () => orm.em.getConnection();
  const vacuumSeededTables = async () => {
    await connection().execute(
      `vacuum ${dataTables(orm)
        .map((table) => `"${schema}"."${table}"`)
        .join(', ')}`,
    );
  };
  return {
    orm,
    schema,
    storage,
    statementCount: () => statements,
    onStatement(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    fork: () => orm.em.fork(),
    async migrate() {
      // The tracking table lives in the subgraph's schema, which must exist first.
      await connection().execute(`create schema if not exists "${schema}"`);
      const applied = await orm.migrator.up();
      return { applied: applied.map((migration) => migration.name) };
    },
    async seed(scale, logger, { vacuum = true } = {}) {
      const seeder = await definition.loadSeeder();
      const tables = dataTables(orm);
      // One transaction: an interrupted seed leaves the previous data, and no seed_run row.
      await orm.em.fork().transactional(async (tx) => {
        const run = (sql: string) => tx.getConnection().execute(sql, [], 'run', tx.getTransactionContext());
        await run(`truncate ${tables.map((table) => `"${schema}"."${table}"`).join(', ')} cascade`);
        await withKeysAndIndexesDeferred(tx, schema, tables, async () => {
          await new seeder().run(tx, { scale, logger });
        });
        tx.create(SeedRunSchema, { scale, seededAt: new Date() });
      });
      // After the commit (VACUUM cannot run in a transaction): the loaded pages marked all-visible, so
      // a count or any index-only scan reads the index alone instead of every heap page it points
      // to, as it would once autovacuum got round to these tables (a cell's totalCount at scale 500:
      // 190 ms through the heap).
      if (vacuum) await vacuumSeededTables();
    },
    vacuumSeededTables,
    async isSeeded() {
      return (await orm.em.fork().count(SeedRunSchema)) > 0;
    },
    async ping() {
      await connection().execute('select 1');
    },
    async close() {
      try {
        await orm.close(true);
      } finally {
        releaseDataDir();
      }
    },
  };
}

/**
 * Tables a reseed leaves alone: the seed ledger, and the audit trail (a
 * reseed must not erase who saw what; its trigger would refuse anyway).
 */
const KEPT_TABLES: ReadonlySet<string> = new Set([SeedRunSchema.meta.tableName, AUDIT_TABLE]);

/** Every table this subgraph's seeder fills (all but the kept ones). */
function dataTables(orm: CoreMikroORM): string[] {
  return [...orm.getMetadata().getAll().values()]
    .filter((meta) => !meta.embeddable && !meta.virtual && meta.tableName && !KEPT_TABLES.has(meta.tableName))
    .map((meta) => meta.tableName);
}
