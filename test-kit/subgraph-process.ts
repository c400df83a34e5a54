import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { envKeyOf, withCompileCache } from '#service';
import { waitUntilReady } from '../scripts/wait-until-ready.ts';
import type { SubgraphName } from '../subgraphs/index.ts';
import { reapOnExit } from './reap-on-exit.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The last of a process's output kept, to say why it failed. */
const OUTPUT_KEPT = 16_000;

/**
 * A subgraph as an OS process of its own, started as `npm start` starts it
 * (`subgraphs/<name>/src/index.ts`, runSubgraph): what a test needs to kill it
 * for real — SIGKILL, no shutdown hook, no database closed, its leases and
 * its data directory's owner file left behind — and to start it again.
 */
export interface SubgraphProcess {
  name: SubgraphName;
  pid: number;
  /** Its GraphQL endpoint. */
  url: string;
  /** SIGKILL; resolves once the process is gone (reaped). */
  kill(): Promise<void>;
  /** SIGTERM (a graceful stop: requests drained, database closed); SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** The end of its output (stdout and stderr). */
  output(): string;
}

export interface SubgraphProcessOptions {
  /** The whole environment of the process (where its database is, where the others are, its settings). */
  env: NodeJS.ProcessEnv;
  port: number;
  readyTimeoutMs?: number;
}

/** Starts the subgraph's process on `port`, and resolves once its `/ready` answers (or throws with its output if it exits first). */
export async function startSubgraphProcess(name: SubgraphName, options: SubgraphProcessOptions): Promise<SubgraphProcess> {
  const host = '127.0.0.1';
  const key = envKeyOf(name);
  const child = spawn(process.execPath, [`subgraphs/${name}/src/index.ts`], {
    cwd: ROOT,
    env: withCompileCache({ ...options.env, [`${key}_PORT`]: String(options.port), [`${key}_HOST`]: host }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  reapOnExit(child);
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const end = async (signal: NodeJS.Signals, graceMs?: number) => {
    if (exited) return;
    child.kill(signal);
    const force = graceMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exit;
    clearTimeout(force);
  };
  const running: SubgraphProcess = {
    name,
    pid: child.pid!,
    url: `http://${host}:${options.port}/graphql`,
    kill: () => end('SIGKILL'),
    stop: (graceMs = 10_000) => end('SIGTERM', graceMs),
    output: () => output,
  };
  try {
    await waitUntilReady(name, `http://${host}:${options.port}/ready`, options.readyTimeoutMs ?? 120_000, { cancelled: () => exited });
    if (exited) throw new Error(`the ${name} subgraph's process exited before it was ready`);
  } catch (error) {
    await running.kill();
    throw new Error(`${(error as Error).message}; its output:\n${output}`);
  }
  return running;
}
