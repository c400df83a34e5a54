import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedStorage, type IsolatedStorage } from '#test-kit';
import { tokenSettingsFromEnv } from '#identity';
import { createViewerVerifier } from '#identity';
import { openSubgraphDatabase, schemaNameFor, storageFromEnv } from '#storage';
import { SUBGRAPH_NAMES } from '../subgraphs/index.ts';
import { subgraphDefinitions } from '../subgraphs/definitions.ts';

const run = promisify(execFile);
const node = (script: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, [script, ...args], { env: { ...process.env, ...env, LOG_LEVEL: 'warn' } });

describe('npm run token', () => {
  it('prints a verifiable token for the identity, alone on stdout', async () => {
    const { stdout } = await node('scripts/token.ts', [
      '--agency',
      'ssoiu',
      '--province',
      'PUNJAB',
      '--sub',
      'officer-9',
      '--unit',
      'u-1',
      '--roles',
      'investigator,supervisor',
    ]);
    const lines = stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const viewer = await createViewerVerifier(tokenSettingsFromEnv({}))(`Bearer ${lines[0]}`);
    expect(viewer).toMatchObject({
      agency: 'SSOIU',
      sub: 'officer-9',
      province: 'PUNJAB',
      unitId: 'u-1',
      roles: ['investigator', 'supervisor'],
    });
    expect(viewer.scopes).toEqual(['agency:SSOIU', 'role:investigator', 'role:supervisor']);
  });

  it('refuses an unknown agency, PUBLIC and an unknown province, with usage and exit code 2', async () => {
    for (const args of [['--agency', 'FIA'], ['--agency', 'PUBLIC'], ['--agency', 'NPB', '--province', 'ATLANTIS'], []]) {
      const failure = await node('scripts/token.ts', args).catch((error: { code: number; stdout: string; stderr: string }) => error);
      expect(failure, args.join(' ')).toMatchObject({ code: 2, stdout: '' });
      expect((failure as { stderr: string }).stderr).toContain('usage: npm run token');
    }
  });
});

describe('npm run seed', () => {
  // On the storage the suite runs on: a PGlite directory, or a PostgreSQL database of its own when TEST_DATABASE_URL is set.
  const dataDir = mkdtempSync(join(tmpdir(), 'graph-seed-'));
  let database: IsolatedStorage | undefined;
  let env: NodeJS.ProcessEnv = { DATA_DIR: dataDir };
  beforeAll(async () => {
    if (!process.env.TEST_DATABASE_URL) return;
    database = await isolatedStorage('seed');
    env = { DATABASE_URL: (database.storage as { url: string }).url };
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  });

  it('migrates and seeds every subgraph, each in its own process', async () => {
    const { stdout } = await node('scripts/seed.ts', ['--scale', '1'], env);
    expect(stdout).toMatch(/seeded all subgraphs at scale 1 in [\d.]+ s/);
    // Every seeded page all-visible, so counts and index-only scans read indexes alone. On one PostgreSQL
    // server each seed's own VACUUM overlaps the others' transactions and cannot do that by itself.
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
  }, 180_000);

  it('refuses a scale that is not a whole number from 1', async () => {
    const failure = await node('scripts/seed.ts', ['--scale', '0.5'], env).catch((error: { code: number }) => error);
    expect(failure).toMatchObject({ code: 2 });
  });
});
