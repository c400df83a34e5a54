import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSubgraphDatabase, type SubgraphDatabase } from '#storage';
import { subgraphDefinitions } from '../../subgraphs/definitions.ts';

const run = promisify(execFile);
let dataDir: string;
let held: SubgraphDatabase;

describe.skipIf(process.env.TEST_DATABASE_URL)('a PGlite data directory another process owns', () => {
  // This process holds the cases subgraph's PGlite directory, as a running `npm start` would. (Inside the
  // describe, so a run that skips it makes no directory it would not remove.)
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'graph-guard-'));
    held = await openSubgraphDatabase(subgraphDefinitions.cases.database, { kind: 'pglite', dataDir: join(dataDir, 'cases') });
    await held.migrate();
  });
  afterAll(async () => {
    await held?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('makes `npm run seed` refuse in one line naming the owner, and touches nothing', async () => {
    const applied = await held.orm.em.getConnection().execute('select count(*)::int as n from "cases"."mikro_orm_migrations"');
    const failure = await run(process.execPath, ['scripts/seed.ts', '--only', 'cases'], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(
      new RegExp(`^seed cases: the data directory .*/cases is in use by process ${process.pid} \\(.*\\): stop it first .*\\n$`),
    );
    // The holder's database is as it was, and still answers.
    expect(await held.orm.em.getConnection().execute('select count(*)::int as n from "cases"."mikro_orm_migrations"')).toEqual(applied);
  });
});
