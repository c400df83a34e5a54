/**
 * The synthetic world, migrated and seeded ONCE per test run on the suite's
 * database, then copied for every test that needs a database of its own:
 * seeding at scale 1 and (on PGlite) creating a cluster cost seconds each,
 * a copy a fraction of that.
 *
 * - PGlite: each subgraph's in-memory cluster dumped with `dumpDataDir()` to a
 *   file, and every copy started from it (`loadDataDir`).
 * - PostgreSQL (TEST_DATABASE_URL): a template database holding all four
 *   schemas, and every copy a `CREATE DATABASE ... TEMPLATE` of it.
 *
 * A copy is what a fresh start would make: the same migrations applied, the
 * same seed (`seed()` itself: the seeder, the seed_run row, the VACUUM), an
 * empty audit trail. The database projects' global setups prepare the
 * templates (`prepareDatabaseTemplates`) and pass where they are to the test
 * workers in TEST_DATABASE_TEMPLATES; tests take copies through
 * `isolatedStorage`, `startSubgraphForTest` and `startStack`.
 */
import { openAsBlob } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openSubgraphDatabase, pgliteAssets, type StorageLocation, type SubgraphDatabase } from '#storage';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/index.ts';
import { subgraphDefinitions } from '../subgraphs/definitions.ts';
import { sqlOnServer } from './sql-on-server.ts';

/**
 * What a copy holds: the synthetic world at scale 1 ('seeded'), the schema the
 * migrations make and no rows ('migrated'), or nothing at all ('empty': a new
 * database, as a first start finds it).
 */
export type World = 'seeded' | 'migrated' | 'empty';

/** The scale the templates are seeded at: the one every test reads its expectations from. */
export const TEMPLATE_SCALE = 1;

const ENV_KEY = 'TEST_DATABASE_TEMPLATES';

type Templates =
  /** Files `<subgraph>.<world>.tar`, and `empty.tar` (a new cluster). */
  | { kind: 'pglite'; dir: string }
  /** Template databases on the server of `serverUrl`. */
  | { kind: 'postgres'; serverUrl: string; databases: Record<Exclude<World, 'empty'>, string> };

/** Where this run's templates are, as the global setup prepared them. */
function templates(): Templates {
  const value = process.env[ENV_KEY];
  if (!value) {
    throw new Error(
      `${ENV_KEY} is not set: database copies come from templates the database projects' global setup prepares (vitest.config.ts)`,
    );
  }
  return JSON.parse(value) as Templates;
}

const databaseUrl = (serverUrl: string, name: string) => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/**
 * A database name of our own on a shared server: the suite's database (so whoever made that one
 * can find and drop what a crashed run left behind), the label, this process, the time and a counter.
 */
let made = 0;
const databaseNameFor = (serverUrl: string, label: string) => {
  const suite = new URL(serverUrl).pathname.slice(1).slice(0, 24);
  const unique = `${process.pid}_${Date.now().toString(36)}_${(made += 1)}`;
  return `${suite}_${label.slice(0, 63 - suite.length - unique.length - 2)}_${unique}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
};

export interface DatabaseCopy {
  /** Where each subgraph's copy is: its own PGlite cluster, or the copied PostgreSQL database (all four schemas). */
  storageOf(name: SubgraphName): StorageLocation;
  /** The copied PostgreSQL database, if on PostgreSQL. */
  url?: string;
  /**
   * How a subgraph's own process finds the copy, as `npm start` would: DATABASE_URL, or DATA_DIR for PGlite
   * data directories on disk (`forProcesses`); none for PGlite copies in this process's memory.
   */
  env?: { DATABASE_URL: string } | { DATA_DIR: string };
  /** Drops the copy (PGlite copies in memory go with the ORM that opened them; those on disk are removed). */
  drop(): Promise<void>;
}

export interface CopyOptions {
  /**
   * For processes of their own (started through `env`): on PGlite, each subgraph's cluster in a data directory
   * on disk (`<DATA_DIR>/<subgraph>`, as storageFromEnv reads it), which one process at a time may open and
   * which outlives a process that is killed. PostgreSQL copies serve any process as they are.
   */
  forProcesses?: boolean;
}

/** A copy of the world on the suite's database, for one test (or one stack) alone. */
export async function copyOfWorld(label: string, world: World, options: CopyOptions = {}): Promise<DatabaseCopy> {
  const prepared = templates();
  if (prepared.kind === 'pglite') {
    const fileOf = (name: SubgraphName) => (world === 'empty' ? 'empty.tar' : `${name}.${world}.tar`);
    // Blobs backed by the files, read when PGlite loads them.
    const dumps = Object.fromEntries(
      await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await openAsBlob(join(prepared.dir, fileOf(name)))] as const)),
    ) as Record<SubgraphName, Blob>;
    if (options.forProcesses) return pgliteCopyOnDisk(label, dumps);
    return {
      storageOf: (name) => ({ kind: 'pglite', dataDir: 'memory://', loadDataDir: dumps[name] }),
      drop: async () => {},
    };
  }
  const name = databaseNameFor(prepared.serverUrl, label);
  const template = world === 'empty' ? '' : ` template "${prepared.databases[world]}"`;
  await sqlOnServer(prepared.serverUrl, `create database "${name}"${template}`);
  const url = databaseUrl(prepared.serverUrl, name);
  return {
    storageOf: () => ({ kind: 'postgres', url }),
    url,
    env: { DATABASE_URL: url },
    drop: async () => void (await sqlOnServer(prepared.serverUrl, `drop database if exists "${name}" with (force)`)),
  };
}

/** Each subgraph's dump loaded into a data directory of its own under a new temporary folder. */
async function pgliteCopyOnDisk(label: string, dumps: Record<SubgraphName, Blob>): Promise<DatabaseCopy> {
  const root = await mkdtemp(join(tmpdir(), `graph-test-${label.replace(/[^a-z0-9-]/gi, '-')}-`));
  try {
    for (const name of SUBGRAPH_NAMES) {
      const cluster = await PGlite.create({ ...(await pgliteAssets()), dataDir: join(root, name), loadDataDir: dumps[name] });
      await cluster.close();
    }
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return {
    storageOf: (name) => ({ kind: 'pglite', dataDir: join(root, name) }),
    env: { DATA_DIR: root },
    drop: () => rm(root, { recursive: true, force: true }),
  };
}

// ---------------------------------------------------------------------------------------------
// Preparing the templates (the global setup, in vitest's main process)

interface Prepared {
  templates: Templates;
  remove(): Promise<void>;
}

/** Shared by every project's global setup: they run in one process, each with its own copy of this module. */
const shared = globalThis as typeof globalThis & { __databaseTemplates?: { prepared: Promise<Prepared>; users: number } };

/**
 * Prepares the templates once for the whole run, on PostgreSQL when
 * TEST_DATABASE_URL is set, else on PGlite, and says where they are in
 * TEST_DATABASE_TEMPLATES (read by the test workers, which start after every
 * global setup). Returns the teardown: the last project to finish removes them.
 */
export async function prepareDatabaseTemplates(): Promise<() => Promise<void>> {
  shared.__databaseTemplates ??= { prepared: prepare(process.env.TEST_DATABASE_URL || undefined), users: 0 };
  const entry = shared.__databaseTemplates;
  entry.users += 1;
  const { templates } = await entry.prepared;
  process.env[ENV_KEY] = JSON.stringify(templates);
  return async () => {
    entry.users -= 1;
    if (entry.users > 0) return;
    shared.__databaseTemplates = undefined;
    delete process.env[ENV_KEY];
    await (await entry.prepared).remove();
  };
}

async function prepare(serverUrl: string | undefined): Promise<Prepared> {
  return serverUrl ? preparePostgres(serverUrl) : preparePglite();
}

/** The ORM's own PGlite instance, to dump. */
const pgliteOf = (database: SubgraphDatabase) =>
  (database.orm.em.getConnection() as unknown as { getNativeClient(): Promise<PGlite> }).getNativeClient();

async function dump(pglite: PGlite, file: string) {
  // A checkpoint first, so a copy starts without replaying the write-ahead log.
  await pglite.exec('checkpoint');
  await writeFile(file, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
}

async function preparePglite(): Promise<Prepared> {
  const dir = await mkdtemp(join(tmpdir(), 'graph-test-templates-'));
  try {
    // One new cluster (initdb takes seconds), dumped and loaded for every subgraph. Every copy loads the whole
    // cluster into memory, so it is kept small: 1 MB write-ahead log segments (16 MB by default, each copy
    // loading one or two nearly empty ones), none kept for reuse, and no template databases, which nothing on
    // PGlite copies from.
    const empty = await PGlite.create({ ...(await pgliteAssets()), initDbStartParams: ['--wal-segsize=1'] });
    try {
      // Read by every instance started from this cluster (postgresql.auto.conf): a checkpoint removes the
      // segments it no longer needs rather than keeping them for later.
      await empty.exec(`alter system set min_wal_size = '2MB'`);
      await empty.exec('alter system set wal_recycle = off');
      await empty.exec(`update pg_database set datistemplate = false where datname in ('template0', 'template1')`);
      for (const template of ['template0', 'template1']) await empty.exec(`drop database ${template}`);
      await dump(empty, join(dir, 'empty.tar'));
    } finally {
      await empty.close();
    }
    const emptyDump = await openAsBlob(join(dir, 'empty.tar'));
    for (const name of SUBGRAPH_NAMES) {
      const database = await openSubgraphDatabase(subgraphDefinitions[name].database, {
        kind: 'pglite',
        dataDir: 'memory://',
        loadDataDir: emptyDump,
      });
      try {
        await database.migrate();
        await dump(await pgliteOf(database), join(dir, `${name}.migrated.tar`));
        await database.seed(TEMPLATE_SCALE);
        await dump(await pgliteOf(database), join(dir, `${name}.seeded.tar`));
      } finally {
        await database.close();
      }
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { templates: { kind: 'pglite', dir }, remove: () => rm(dir, { recursive: true, force: true }) };
}

async function preparePostgres(serverUrl: string): Promise<Prepared> {
  const databases = { migrated: databaseNameFor(serverUrl, 'template_migrated'), seeded: databaseNameFor(serverUrl, 'template_seeded') };
  const openAll = (name: string) =>
    Promise.all(
      SUBGRAPH_NAMES.map((subgraph) =>
        openSubgraphDatabase(subgraphDefinitions[subgraph].database, { kind: 'postgres', url: databaseUrl(serverUrl, name) }),
      ),
    );
  const closeAll = (opened: SubgraphDatabase[]) => Promise.all(opened.map((database) => database.close()));
  const remove = async () => {
    for (const name of Object.values(databases)) {
      await sqlOnServer(serverUrl, `alter database "${name}" is_template false`).catch(() => {});
      await sqlOnServer(serverUrl, `drop database if exists "${name}" with (force)`);
    }
  };
  try {
    await sqlOnServer(serverUrl, `create database "${databases.migrated}"`);
    let opened = await openAll(databases.migrated);
    try {
      for (const database of opened) await database.migrate();
    } finally {
      await closeAll(opened);
    }
    await sqlOnServer(serverUrl, `create database "${databases.seeded}" template "${databases.migrated}"`);
    opened = await openAll(databases.seeded);
    try {
      // As `npm run seed` does: the four seeds in parallel, then every VACUUM once all are committed
      // (a VACUUM cannot mark rows all-visible while another seed's transaction is open).
      await Promise.all(opened.map((database) => database.seed(TEMPLATE_SCALE, undefined, { vacuum: false })));
      for (const database of opened) await database.vacuumSeededTables();
    } finally {
      await closeAll(opened);
    }
    // A template accepts no connections (autovacuum's included), so copying it never finds it busy.
    for (const name of Object.values(databases))
      await sqlOnServer(serverUrl, `alter database "${name}" with is_template true allow_connections false`);
  } catch (error) {
    await remove();
    throw error;
  }
  return { templates: { kind: 'postgres', serverUrl, databases }, remove };
}
