import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts } from '#test-kit';
import { graphql } from '#test-kit';
import { isolatedStorage, type IsolatedStorage } from '#test-kit';
import { withCompileCache } from '#service';
import { openSubgraphDatabase, schemaNameFor, storageFromEnv } from '#storage';
import { SUBGRAPH_NAMES } from '../subgraphs/index.ts';
import { subgraphDefinitions } from '../subgraphs/definitions.ts';

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function npmStart(env: NodeJS.ProcessEnv): Promise<Started> {
  // NODE_ENV as a user's shell has it, not vitest's 'test' (Apollo Server, for one, behaves differently under 'test').
  const child = spawn(process.execPath, ['scripts/start.ts'], {
    env: withCompileCache({ ...process.env, ...env, NODE_ENV: 'development', VITEST: undefined, LOG_LEVEL: 'info' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('The graph is ready')) {
        clearInterval(timer);
        resolve({ child, output: () => output, exited });
      }
    }, 100);
    exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`npm start exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/** `npm run seed` as a user runs it, against the same storage. */
function npmSeed(env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/seed.ts', '--scale', '1'], {
      env: withCompileCache({ ...process.env, ...env, VITEST: undefined, LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`npm run seed exited with ${code}:\n${output}`))));
  });
}

async function portsEnv() {
  const [gateway, cases, offenders, courts, cells] = await freePorts(5);
  return {
    url: `http://localhost:${gateway}/graphql`,
    env: {
      PORT: String(gateway),
      CASES_PORT: String(cases),
      OFFENDERS_PORT: String(offenders),
      COURTS_PORT: String(courts),
      CRISIS_CELLS_PORT: String(cells),
    },
  };
}

/**
 * What `npm run seed` must leave: every seeded page all-visible, so counts and index-only scans read
 * indexes alone. On one PostgreSQL server each seed's own VACUUM overlaps the others' transactions and
 * cannot do that by itself. Read with the stack stopped (a PGlite directory has one owner).
 */
async function expectSeededPagesAllVisible(env: NodeJS.ProcessEnv) {
  for (const name of SUBGRAPH_NAMES) {
    const database = await openSubgraphDatabase(subgraphDefinitions[name].database, storageFromEnv(name, env));
    try {
      const notAllVisible = await database.orm.em.getConnection().execute<{ relname: string }[]>(
        `select relname from pg_class where relnamespace = ?::regnamespace and relkind = 'r' and relpages > 0 and relallvisible < relpages
           and relname not in ('audit_entry', 'seed_run', 'mikro_orm_migrations')`,
        [schemaNameFor(name)],
      );
      expect(notAllVisible.map((row: { relname: string }) => `${name}.${row.relname}`)).toEqual([]);
    } finally {
      await database.close();
    }
  }
}

/** Stops a started stack with SIGTERM: 0 only if all five processes finished their graceful shutdown and exited 0. */
async function stopGracefully(started: Started) {
  started.child.kill('SIGTERM');
  expect(await started.exited).toBe(0);
  expect(started.output().match(/"msg":"stopped"/g)).toHaveLength(5);
}

// The suite runs on one storage at a time (TEST_DATABASE_URL: PostgreSQL), and so does this test: the README's
// `npm start` on embedded PGlite, or on a PostgreSQL database of its own given as DATABASE_URL. Each also runs
// `npm run seed` (four processes, each seeding one subgraph) on that storage, as a user would between two starts.
const serverUrl = process.env.TEST_DATABASE_URL || undefined;

if (!serverUrl)
  describe('npm start on embedded PGlite', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'graph-start-'));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('brings up five processes on a seeded embedded database, stops gracefully, keeps the data across restarts, and reseeds with npm run seed', async () => {
      const { url, env: ports } = await portsEnv();
      const env = { DATA_DIR: dataDir, ...ports };

      const first = await npmStart(env);
      expect(first.output()).toContain(`Explorer: ${url}`);
      expect(first.output()).toContain('seeding an empty database');
      const { data } = await graphql(url, '{ crisisCells { totalCount } }');
      expect(data.crisisCells.totalCount).toBeGreaterThan(0);
      await stopGracefully(first);

      const second = await npmStart(env);
      expect(second.output()).not.toContain('seeding an empty database');
      const again = await graphql(url, '{ crisisCells { totalCount } }');
      expect(again.data.crisisCells.totalCount).toBe(data.crisisCells.totalCount);
      await stopGracefully(second);

      // npm run seed migrates and seeds every subgraph, each in its own process, in the stopped stack's directory.
      expect(await npmSeed(env)).toMatch(/seeded all subgraphs at scale 1 in [\d.]+ s/);
      await expectSeededPagesAllVisible(env);
    }, 240_000);
  });
else
  describe('npm start on PostgreSQL (DATABASE_URL)', () => {
    let database: IsolatedStorage;
    beforeAll(async () => void (database = await isolatedStorage('start')));
    afterAll(() => database?.drop());

    it('migrates a new database without seeding it, serves what npm run seed then loads, and stops gracefully', async () => {
      const { url, env: ports } = await portsEnv();
      const env = { DATABASE_URL: (database.storage as { url: string }).url, ...ports };

      const first = await npmStart(env);
      expect(first.output()).toContain(`Explorer: ${url}`);
      expect(first.output()).not.toContain('seeding an empty database');
      const empty = await graphql(url, '{ crisisCells { totalCount } }');
      expect(empty.data.crisisCells.totalCount).toBe(0);
      await stopGracefully(first);

      // npm run seed migrates and seeds every subgraph, each in its own process.
      expect(await npmSeed(env)).toMatch(/seeded all subgraphs at scale 1 in [\d.]+ s/);
      await expectSeededPagesAllVisible(env);
      const second = await npmStart(env);
      const seeded = await graphql(url, '{ crisisCells { totalCount } }');
      expect(seeded.data.crisisCells.totalCount).toBeGreaterThan(0);
      await stopGracefully(second);
    }, 240_000);
  });
