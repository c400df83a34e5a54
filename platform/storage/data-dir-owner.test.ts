import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimDataDir, DataDirInUse, processStartOf } from './data-dir-owner.ts';

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

  it('takes over the claim of an owner killed with SIGKILL, which ran no release', async () => {
    const dir = join(root, 'killed');
    const owner = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { claimDataDir } = await import(${JSON.stringify(new URL('./data-dir-owner.ts', import.meta.url).href)});
         claimDataDir(process.argv[1]); console.log('claimed'); setInterval(() => {}, 60_000);`,
        dir,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      owner.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('claimed') && resolve());
      owner.once('exit', (code) => reject(new Error(`the owner exited (${code}) before it claimed`)));
    });
    expect(() => claimDataDir(dir)).toThrow(DataDirInUse);
    owner.kill('SIGKILL');
    await new Promise((resolve) => owner.once('exit', resolve));
    // Its claim is still there, naming it: nothing released it.
    expect(JSON.parse(readFileSync(`${dir}.owner.json`, 'utf8'))).toMatchObject({ pid: owner.pid });
    const release = claimDataDir(dir);
    expect(JSON.parse(readFileSync(`${dir}.owner.json`, 'utf8'))).toMatchObject({ pid: process.pid });
    release();
  });

  it.skipIf(processStartOf(process.pid) === null)(
    'records when its owner started, and takes over a claim whose pid now belongs to a process started later (a pid reused)',
    async () => {
      const dir = join(root, 'reused');
      const release = claimDataDir(dir);
      expect(JSON.parse(readFileSync(`${dir}.owner.json`, 'utf8'))).toMatchObject({ started: processStartOf(process.pid) });
      release();
      const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
      try {
        // A claim by the pid that is alive now, but made by a process that started at another time.
        const stale = { pid: other.pid, command: 'subgraphs/courts/src/index.ts', since: '2026-12-06T10:00:00.000Z', started: '1' };
        writeFileSync(`${dir}.owner.json`, JSON.stringify(stale));
        const again = claimDataDir(dir);
        expect(JSON.parse(readFileSync(`${dir}.owner.json`, 'utf8'))).toMatchObject({ pid: process.pid });
        again();
        // The same pid claiming with its own start time is its owner, and refused to another.
        writeFileSync(`${dir}.owner.json`, JSON.stringify({ ...stale, started: processStartOf(other.pid!) }));
        expect(() => claimDataDir(dir)).toThrow(DataDirInUse);
      } finally {
        other.kill();
        await new Promise((resolve) => other.once('exit', resolve));
      }
    },
  );
});
