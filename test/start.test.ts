import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { graphql } from './support/graphql-client.ts';

/** Ports the OS says are free right now. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function npmStart(env: NodeJS.ProcessEnv): Promise<Started> {
  // NODE_ENV as a user's shell has it, not vitest's 'test' (Apollo Server, for one, behaves differently under 'test').
  const child = spawn(process.execPath, ['scripts/start.ts'], {
    env: { ...process.env, ...env, NODE_ENV: 'development', VITEST: undefined, LOG_LEVEL: 'info' },
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

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'graph-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('brings up five processes on a seeded embedded database, stops gracefully, and keeps the data across restarts', async () => {
    const [gateway, cases, offenders, courts, cells] = await freePorts(5);
    const env = {
      DATA_DIR: dataDir,
      PORT: String(gateway),
      CASES_PORT: String(cases),
      OFFENDERS_PORT: String(offenders),
      COURTS_PORT: String(courts),
      CRISIS_CELLS_PORT: String(cells),
    };
    const url = `http://localhost:${gateway}/graphql`;

    const first = await npmStart(env);
    expect(first.output()).toContain(`Apollo Sandbox: ${url}`);
    expect(first.output()).toContain('seeding an empty database');
    const { data } = await graphql(url, '{ crisisCells { totalCount } }');
    expect(data.crisisCells.totalCount).toBeGreaterThan(0);
    first.child.kill('SIGTERM');
    // 0 only if all five processes finished their graceful shutdown and exited 0.
    expect(await first.exited).toBe(0);
    expect(first.output().match(/"msg":"stopped"/g)).toHaveLength(5);

    const second = await npmStart(env);
    expect(second.output()).not.toContain('seeding an empty database');
    const again = await graphql(url, '{ crisisCells { totalCount } }');
    expect(again.data.crisisCells.totalCount).toBe(data.crisisCells.totalCount);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 240_000);
});
