/**
 * `npm run seed -- --scale N [--only NAME]`: migrates and reseeds every
 * subgraph's database (PGlite under DATA_DIR, or DATABASE_URL) with synthetic
 * data at scale N (1 = the demo size, 2,000 cases per unit). Each subgraph
 * seeds in its own process, so the four run in parallel. Stop `npm start`
 * first when using the embedded database: a PGlite directory has one owner.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { openSubgraphDatabase, storageFromEnv } from '#storage';
import { createLogger, StartupRefusal, withCompileCache } from '#service';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/index.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    only: { type: 'string' },
    // Given by the parent to its children: it VACUUMs every subgraph itself once all are committed.
    'vacuum-later': { type: 'boolean', default: false },
  },
});
const scale = Number(values.scale);
if (!Number.isInteger(scale) || scale < 1 || scale > 10_000) {
  console.error('--scale must be a whole number from 1 to 10000');
  process.exit(2);
}

if (values.only) {
  if (!SUBGRAPH_NAMES.includes(values.only as SubgraphName)) {
    console.error(`--only must be one of ${SUBGRAPH_NAMES.join(', ')}`);
    process.exit(2);
  }
  await seedOne(values.only as SubgraphName);
} else {
  const started = performance.now();
  const codes = await Promise.all(SUBGRAPH_NAMES.map((name) => seedInChild(name)));
  if (codes.some((code) => code !== 0)) {
    console.error(`seeding failed after ${((performance.now() - started) / 1000).toFixed(1)} s`);
    process.exit(1);
  }
  await vacuumAfterEveryone();
  console.log(`seeded all subgraphs at scale ${scale} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * The seeds' VACUUM, once all four are committed. On one PostgreSQL server
 * the seeds overlap, and a VACUUM run while another seed's transaction was
 * open could mark nothing all-visible: at scale 500 a district's register
 * count read 2,786 heap pages (78 ms) instead of the index alone.
 */
async function vacuumAfterEveryone() {
  const { subgraphDefinitions } = await import('../subgraphs/definitions.ts');
  for (const name of SUBGRAPH_NAMES) {
    const database = await openSubgraphDatabase(subgraphDefinitions[name].database, storageFromEnv(name));
    try {
      await database.vacuumSeededTables();
    } finally {
      await database.close();
    }
  }
}

async function seedOne(name: SubgraphName) {
  const { subgraphDefinitions } = await import('../subgraphs/definitions.ts');
  const logger = createLogger(`seed-${name}`, { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' });
  const started = performance.now();
  let database: Awaited<ReturnType<typeof openSubgraphDatabase>>;
  try {
    database = await openSubgraphDatabase(subgraphDefinitions[name].database, storageFromEnv(name));
  } catch (error) {
    // Its data directory held by the running stack (or another seed): say so, touch nothing.
    if (!(error instanceof StartupRefusal)) throw error;
    console.error(`seed ${name}: ${error.message}`);
    process.exit(1);
  }
  try {
    await database.migrate();
    await database.seed(scale, logger, { vacuum: !values['vacuum-later'] });
  } finally {
    await database.close();
  }
  logger.info({ scale, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) }, 'seeded');
}

function seedInChild(name: SubgraphName): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [process.argv[1]!, '--scale', String(scale), '--only', name, '--vacuum-later'], {
      stdio: 'inherit',
      env: withCompileCache(process.env),
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}
