import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartupRefusal } from '#service';
import { DEFAULT_POOL_MAX, storageFromEnv } from './database.ts';

describe('storageFromEnv', () => {
  it('puts every subgraph on PostgreSQL with DATABASE_URL, holding at most DATABASE_POOL_MAX connections', () => {
    expect(storageFromEnv('cases', { DATABASE_URL: 'postgres://db/graph' })).toEqual({
      kind: 'postgres',
      url: 'postgres://db/graph',
      poolMax: DEFAULT_POOL_MAX,
    });
    expect(storageFromEnv('cases', { DATABASE_URL: 'postgres://db/graph', DATABASE_POOL_MAX: '4' })).toMatchObject({ poolMax: 4 });
  });

  it.each(['0', '-1', '2.5', 'ten', '10000'])('refuses DATABASE_POOL_MAX=%s in one line naming the setting', (value) => {
    const refused = () => storageFromEnv('cases', { DATABASE_URL: 'postgres://db/graph', DATABASE_POOL_MAX: value });
    expect(refused).toThrow(`DATABASE_POOL_MAX must be a whole number of connections from 1 to 9999, not "${value}"`);
    // What a process prints as one line and exits on, without a stack trace (platform/subgraph/run.ts).
    expect(refused).toThrow(StartupRefusal);
  });

  it('keeps each subgraph in a directory of its own under DATA_DIR on PGlite, or in memory', () => {
    expect(storageFromEnv('courts', { DATA_DIR: '/srv/graph' })).toEqual({ kind: 'pglite', dataDir: resolve('/srv/graph', 'courts') });
    expect(storageFromEnv('courts', { DATA_DIR: 'memory://' })).toEqual({ kind: 'pglite', dataDir: 'memory://' });
  });
});
