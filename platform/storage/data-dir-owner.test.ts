import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimDataDir, DataDirInUse } from './data-dir-owner.ts';

const root = mkdtempSync(join(tmpdir(), 'graph-owner-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('one owner per PGlite data directory', () => {
  it('claims a free directory, beside it, and lets go of it on release', () => {
    const dir = join(root, 'free');
    const release = claimDataDir(dir);
    expect(JSON.parse(readFileSync(`${dir}.owner.json`, 'utf8'))).toMatchObject({ pid: process.pid });
    // The same process may open it again (a seed's VACUUM after its migrate); it is let go with the last handle.
    const again = claimDataDir(dir);
    release();
    expect(existsSync(`${dir}.owner.json`)).toBe(true);
    again();
    expect(existsSync(`${dir}.owner.json`)).toBe(false);
  });

  it('refuses a directory a live process owns, naming it and how to stop it, and leaves its claim alone', async () => {
    const dir = join(root, 'held');
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      const owner = { pid: other.pid, command: 'subgraphs/cases/src/index.ts', since: '2026-12-06T10:00:00.000Z' };
      writeFileSync(`${dir}.owner.json`, JSON.stringify(owner));
      expect(() => claimDataDir(dir)).toThrow(DataDirInUse);
      expect(() => claimDataDir(dir)).toThrow(
        `the data directory ${dir} is in use by process ${other.pid} (subgraphs/cases/src/index.ts, since 2026-12-06T10:00:00.000Z): stop it first (Ctrl-C where it runs, or kill ${other.pid}), or set DATA_DIR to another directory`,
      );
      expect(JSON.parse(readFileSync(`${dir}.owner.json`, 'utf8'))).toEqual(owner);
    } finally {
      other.kill();
      await new Promise((resolve) => other.once('exit', resolve));
    }
    // Its owner gone, the claim it left is taken over.
    const release = claimDataDir(dir);
    expect(JSON.parse(readFileSync(`${dir}.owner.json`, 'utf8'))).toMatchObject({ pid: process.pid });
    release();
  });
});
