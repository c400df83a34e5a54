import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './free-ports.ts';
import { reapOnExit } from './reap-on-exit.ts';

/** Where this machine kind installs the NATS server (Debian's nats-server package, as CI runs it). */
export const NATS_SERVER_BINARY = '/usr/sbin/nats-server';

/** Why a private NATS server cannot be started here, or null when it can. */
export const natsServerMissing = (): string | null =>
  existsSync(NATS_SERVER_BINARY)
    ? null
    : `${NATS_SERVER_BINARY} is not installed: a test cannot start and restart a NATS server of its own`;

/**
 * A NATS server with JetStream of a test's own, as a child process on a free
 * port with a store directory of its own: one the test may stop and start
 * again, which the machine's shared server (other test files use it at the
 * same time) never is. Started again, it listens on the same port and reads
 * the same store, so its streams and durable consumers are as it left them.
 */
export interface PrivateNatsServer {
  url: string;
  /** Stops it: SIGTERM (a clean shutdown) or SIGKILL (a crash); resolves once it is gone. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port and store; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it and removes its store. */
  remove(): Promise<void>;
}

export async function startPrivateNatsServer(): Promise<PrivateNatsServer> {
  const missing = natsServerMissing();
  if (missing) throw new Error(missing);
  const [port] = await freePorts(1);
  const storeDir = await mkdtemp(join(tmpdir(), 'graph-test-nats-'));
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let output = '';
  const start = async () => {
    output = '';
    const started = spawn(NATS_SERVER_BINARY, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    reapOnExit(started);
    for (const stream of [started.stdout, started.stderr]) stream.on('data', (chunk: Buffer) => (output = (output + chunk).slice(-8_000)));
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    const deadline = Date.now() + 20_000;
    while (!(await accepts(port!))) {
      if (started.exitCode !== null || Date.now() > deadline) {
        started.kill('SIGKILL');
        throw new Error(`the private NATS server did not start on port ${port}:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
    child = undefined;
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    stop,
    start,
    async remove() {
      await stop('SIGKILL');
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}

/** Whether something accepts a TCP connection on 127.0.0.1:port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
