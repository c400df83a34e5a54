/**
 * The processes a benchmark run starts: every subgraph and every gateway is
 * an OS process of its own, as `npm start` runs them, so a gateway's peak
 * memory can be read from /proc and no process shares an event loop with the
 * load generator. Output goes to a log file per process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withCompileCache } from '#service';
import { waitUntilReady } from '../../scripts/wait-until-ready.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface BenchProcessOptions {
  label: string;
  /** The entry file, relative to the repository root. */
  entry: string;
  args?: string[];
  env: NodeJS.ProcessEnv;
  /** The process's `GET /ready`. */
  readyUrl: string;
  /** Where its output goes. */
  logFile: string;
  readyTimeoutMs?: number;
  /** Extra `node` flags (`--cpu-prof`, say). */
  nodeFlags?: string[];
}

export interface BenchProcess {
  label: string;
  pid: number;
  logFile: string;
  /** Throws if the process has exited since it was started. */
  assertAlive(): void;
  /** Peak resident set size since start or the last reset, MiB (VmHWM); null where /proc is not there. */
  peakRssMiB(): number | null;
  /** Starts a new peak (Linux `clear_refs` 5); false where the kernel does not allow it. */
  resetPeakRss(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export async function startBenchProcess(options: BenchProcessOptions): Promise<BenchProcess> {
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [...(options.nodeFlags ?? []), options.entry, ...(options.args ?? [])], {
      cwd: ROOT,
      env: withCompileCache(options.env),
      stdio: ['ignore', log, log],
    });
  } finally {
    closeSync(log);
  }
  let exit: string | undefined;
  let stopping = false;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = signal ?? String(code);
      resolve();
    });
  });
  const handle: BenchProcess = {
    label: options.label,
    pid: child.pid!,
    logFile: options.logFile,
    assertAlive() {
      if (exit !== undefined && !stopping) throw new Error(`${options.label} exited (${exit}); see ${options.logFile}`);
    },
    peakRssMiB() {
      try {
        const kib = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        return kib === undefined ? null : Math.round((Number(kib) / 1024) * 10) / 10;
      } catch {
        return null;
      }
    },
    resetPeakRss() {
      try {
        writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    async stop(graceMs = 10_000) {
      stopping = true;
      if (exit !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await waitUntilReady(options.label, options.readyUrl, options.readyTimeoutMs ?? 300_000, { cancelled: () => exit !== undefined });
    handle.assertAlive();
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
}

/** Stopped from outside (SIGINT, SIGTERM), a run stops what it started, as its end does, then exits 130. */
export function stopWhenSignalled(stop: () => Promise<void>, release: () => void, log: (line: string) => void): void {
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping every process of the run`);
    void stop().finally(() => {
      release();
      process.exit(130);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
