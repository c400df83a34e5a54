import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tokenSettingsFromEnv } from '#identity';
import { createViewerVerifier } from '#identity';

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
    for (const args of [
      ['--agency', 'FIA'],
      ['--agency', 'PUBLIC'],
      ['--agency', 'NPB', '--province', 'ATLANTIS'],
      ['--agency', 'NPB', '--expires', 'banana'],
      [],
    ]) {
      const failure = await node('scripts/token.ts', args).catch((error: { code: number; stdout: string; stderr: string }) => error);
      expect(failure, args.join(' ')).toMatchObject({ code: 2, stdout: '' });
      expect((failure as { stderr: string }).stderr).toContain('usage: npm run token');
    }
  });
});

describe('npm run seed', () => {
  // Seeding itself (four processes, on PGlite and on PostgreSQL) is tested where npm start serves it: test/start.test.ts.
  const dataDir = mkdtempSync(join(tmpdir(), 'graph-seed-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a scale that is not a whole number from 1', async () => {
    const failure = await node('scripts/seed.ts', ['--scale', '0.5'], { DATA_DIR: dataDir }).catch((error: { code: number }) => error);
    expect(failure).toMatchObject({ code: 2 });
  });
});

describe('npm start', () => {
  it('says in one line which port is taken, and starts nothing', async () => {
    const { createServer } = await import('node:net');
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const { port } = squatter.address() as { port: number };
    try {
      const dataDir = mkdtempSync(join(tmpdir(), 'graph-start-'));
      const failure = await node('scripts/start.ts', [], { COURTS_PORT: String(port), DATA_DIR: dataDir }).then(
        () => null,
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stderr).toBe(
        `port ${port} on 127.0.0.1 (the courts subgraph) is in use: is the graph already running (npm start in another terminal)? Stop it, or set COURTS_PORT to a free port.\n`,
      );
      // Nothing started: no subgraph made its data directory.
      expect(readdirSync(dataDir)).toEqual([]);
      rmSync(dataDir, { recursive: true, force: true });
    } finally {
      squatter.close();
    }
  });
});

describe('npm run journey', () => {
  it('stops at the first step the graph refuses, says why, and exits non-zero', async () => {
    const { createServer } = await import('node:http');
    // A graph that refuses every write as invalid: the journey must not carry on past it.
    const server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          data: {
            openCase: { case: null, userErrors: [{ field: ['input', 'district'], code: 'INVALID_INPUT', message: 'Not a district.' }] },
          },
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const failed = await node('scripts/journey.ts', ['--gateway', `http://127.0.0.1:${port}/graphql`]).then(
        () => null,
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain('opens the case at intake: FAILED: INVALID_INPUT at input.district: Not a district.');
      expect(failed?.stdout).not.toContain('records the medico-legal examination');
    } finally {
      server.close();
    }
  });
});
