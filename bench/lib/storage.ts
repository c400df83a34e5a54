/**
 * The data a benchmark run reads, seeded once per scale and reused:
 *
 * - PostgreSQL (`DATABASE_URL`): the database is created if missing and
 *   seeded by `npm run seed` unless every subgraph's last seed run was at this
 *   scale. Every set of subgraphs (as shipped, open, without limits) reads the same schemas.
 * - PGlite: each subgraph's data directory is seeded once per scale under
 *   `.bench-data/pglite/scale-N/` (git-ignored), and each run works on copies
 *   (one per set of subgraphs the run starts, since a PGlite directory has a single owner),
 *   deleted afterwards, so what one run appends to the audit trails does not
 *   reach the next.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaNameFor } from '#storage';
import { SUBGRAPH_NAMES } from '../../subgraphs/index.ts';
import { createDatabaseIfMissing, sqlOnServer } from '#test-kit';
import type { SubgraphSetName } from './configurations.ts';
import { redactedUrl } from './environment.ts';

export const BENCH_DATA = fileURLToPath(new URL('../../.bench-data/', import.meta.url));
const SEED_SCRIPT = fileURLToPath(new URL('../../scripts/seed.ts', import.meta.url));

/** Where the subgraph processes of one set find their data: the environment they are started with. */
export type StorageEnv = { DATABASE_URL: string } | { DATA_DIR: string };

export interface PreparedStorage {
  kind: 'PostgreSQL' | 'PGlite';
  /** The environment of each set of subgraphs the run starts. */
  sets: Partial<Record<SubgraphSetName, StorageEnv>>;
  /** Whether this run had to seed (false: the data of an earlier run at this scale was reused). */
  seeded: boolean;
  seedSeconds: number;
  /** Removes the run's copies (PGlite); the seeded data stays for the next run. */
  release(): void;
}

export async function prepareStorage(options: {
  databaseUrl?: string;
  /** The sets of subgraphs the run starts (PGlite: a copy of the data each). */
  sets: readonly SubgraphSetName[];
  scale: number;
  reseed: boolean;
  log: (line: string) => void;
}): Promise<PreparedStorage> {
  return options.databaseUrl ? preparePostgres(options.databaseUrl, options) : preparePglite(options);
}

async function preparePostgres(
  url: string,
  { sets, scale, reseed, log }: { sets: readonly SubgraphSetName[]; scale: number; reseed: boolean; log: (line: string) => void },
): Promise<PreparedStorage> {
  await createDatabaseIfMissing(url, log);
  const scales = await Promise.all(SUBGRAPH_NAMES.map((name) => lastSeedScale(url, schemaNameFor(name))));
  let seedSeconds = 0;
  const seeded = reseed || scales.some((s) => s !== scale);
  if (seeded) {
    log(`seeding ${redactedUrl(url)} at scale ${scale} (last seeds: ${scales.map((s) => s ?? 'none').join(', ')})...`);
    seedSeconds = await seed(scale, { DATABASE_URL: url });
  } else {
    log(`reusing ${redactedUrl(url)}, seeded at scale ${scale}`);
  }
  const storage = Object.fromEntries(sets.map((set) => [set, { DATABASE_URL: url }]));
  return { kind: 'PostgreSQL', sets: storage, seeded, seedSeconds, release: () => {} };
}

async function preparePglite({
  sets,
  scale,
  reseed,
  log,
}: {
  sets: readonly SubgraphSetName[];
  scale: number;
  reseed: boolean;
  log: (line: string) => void;
}): Promise<PreparedStorage> {
  const cache = path.join(BENCH_DATA, 'pglite', `scale-${scale}`);
  const complete = path.join(cache, '.seeded');
  let seedSeconds = 0;
  const seeded = reseed || !existsSync(complete);
  if (seeded) {
    const fresh = `${cache}.seeding`;
    rmSync(fresh, { recursive: true, force: true });
    log(`seeding PGlite data at scale ${scale} into ${path.relative(process.cwd(), cache)}/ (kept for later runs)...`);
    seedSeconds = await seed(scale, { DATA_DIR: fresh });
    writeFileSync(path.join(fresh, '.seeded'), `${new Date().toISOString()} scale ${scale}\n`);
    rmSync(cache, { recursive: true, force: true });
    renameSync(fresh, cache);
  } else {
    log(`reusing the PGlite data seeded at scale ${scale} in ${path.relative(process.cwd(), cache)}/`);
  }
  const run = path.join(BENCH_DATA, 'runs', String(process.pid));
  const storage: Partial<Record<SubgraphSetName, StorageEnv>> = {};
  for (const set of sets) {
    const copy = path.join(run, set);
    mkdirSync(path.dirname(copy), { recursive: true });
    cpSync(cache, copy, { recursive: true });
    storage[set] = { DATA_DIR: copy };
  }
  return {
    kind: 'PGlite',
    sets: storage,
    seeded,
    seedSeconds,
    release: () => rmSync(run, { recursive: true, force: true }),
  };
}

/** `npm run seed -- --scale N` (every subgraph in its own process), on the given storage; its duration in seconds. */
function seed(scale: number, storage: StorageEnv): Promise<number> {
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...storage };
  if (!('DATABASE_URL' in storage)) delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SEED_SCRIPT, '--scale', String(scale)], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) =>
      code === 0
        ? resolve(Math.round((performance.now() - started) / 100) / 10)
        : reject(new Error(`seeding at scale ${scale} failed (${code})`)),
    );
  });
}

/** The scale of a subgraph schema's last seed run; null when it was never seeded (or never migrated). */
async function lastSeedScale(url: string, schema: string): Promise<number | null> {
  try {
    const [row] = await sqlOnServer<{ scale: number }>(url, `select "scale" from "${schema}"."seed_run" order by "id" desc limit 1`);
    return row ? Number(row.scale) : null;
  } catch {
    return null;
  }
}
