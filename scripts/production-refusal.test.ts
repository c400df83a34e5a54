import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Issue 14, item 9, as an operator meets it: a process started with
 * NODE_ENV=production and one of development's unsafe defaults left says
 * which, in one line, exits 1, and opens nothing.
 */
const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'graph-production-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const SAFE = {
  NODE_ENV: 'production',
  CORS_ORIGIN: 'https://front-end.invalid',
  JWT_JWKS_URL: 'https://idp.invalid/jwks.json',
  SUBGRAPH_HMAC_SECRET: 'x'.repeat(32),
};

/** A process as an operator starts it: only PATH from this one's environment, and the settings given. */
async function refusal(entry: string, settings: Record<string, string | undefined>) {
  const env = { PATH: process.env.PATH, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...settings };
  const failure = await run(process.execPath, [entry], { env: env as NodeJS.ProcessEnv, timeout: 60_000 }).then(
    () => null,
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  expect(failure, `${entry} started`).not.toBeNull();
  return failure!;
}

describe('a process started with NODE_ENV=production', () => {
  it('the gateway names every setting production refuses in one line, and exits 1', async () => {
    // Each phrase alone is platform/service/production-settings.test.ts's; here, all four at once, as a process says them.
    const { code, stdout, stderr } = await refusal('gateway/index.ts', {
      NODE_ENV: 'production',
      CORS_ORIGIN: '*',
      TRUSTED_DOCUMENTS: 'off',
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'gateway: refusing to start with NODE_ENV=production: ' +
        "CORS_ORIGIN is *, which lets any web page call the graph: set it to the front-ends' origin; " +
        "JWT_JWKS_URL is unset: set it to the identity provider's key set (development's HS256 secret is refused); " +
        'SUBGRAPH_HMAC_SECRET is unset: set the same secret of at least 32 bytes on the gateway and every subgraph; ' +
        'TRUSTED_DOCUMENTS is off: unset it, or set it to enforce.\n',
    );
  });

  it('the gateway with RATE_LIMITS=off says so in one line and exits 1', async () => {
    const { code, stderr } = await refusal('gateway/index.ts', { ...SAFE, RATE_LIMITS: 'off' });
    expect(code).toBe(1);
    expect(stderr).toBe('gateway: RATE_LIMITS=off is refused in production: rate limits are required there\n');
  });

  it('a subgraph without JWT_JWKS_URL and SUBGRAPH_HMAC_SECRET names both in one line, and opens no database', async () => {
    const { code, stderr } = await refusal('subgraphs/cases/src/index.ts', { NODE_ENV: 'production', CORS_ORIGIN: '*' });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^cases: refusing to start with NODE_ENV=production: JWT_JWKS_URL is unset: [^\n;]*; SUBGRAPH_HMAC_SECRET is unset: [^\n;]*\.\n$/,
    );
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('npm start names every unsafe setting of the graph in one line, and starts nothing', async () => {
    const { code, stdout, stderr } = await refusal('scripts/start.ts', {
      NODE_ENV: 'production',
      CORS_ORIGIN: '*',
      JWT_JWKS_URL: SAFE.JWT_JWKS_URL,
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^refusing to start with NODE_ENV=production: CORS_ORIGIN is \*[^\n;]*; SUBGRAPH_HMAC_SECRET is unset[^\n;]*\.\n$/,
    );
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
