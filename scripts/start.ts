/**
 * `npm start`: the whole stack as five processes (four subgraphs, then the
 * gateway), each on its configured port; embedded PGlite under DATA_DIR unless
 * DATABASE_URL is set. Prints where the explorer is once everything is ready;
 * Ctrl-C stops every process gracefully.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { GATEWAY_NODE_FLAGS } from '../gateway/node-flags.ts';
import { devTokensAvailable } from '../gateway/dev-identities.ts';
import { landingPageChoice } from '../gateway/explorer/index.ts';
import {
  envKeyOf,
  graphqlPath,
  intFromEnv,
  PRODUCTION_SETTINGS,
  refuseUnsafeProductionSettings,
  StartupRefusal,
  withCompileCache,
} from '#service';
import { SUBGRAPH_NAMES, subgraphHost, subgraphPort } from '../subgraphs/index.ts';
import { waitUntilReady } from './wait-until-ready.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const children: ChildProcess[] = [];
let stopping = false;

function startProcess(label: string, entry: string, nodeFlags: readonly string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeFlags, entry], { cwd: root, stdio: 'inherit', env: withCompileCache(process.env) });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${label} exited (${signal ?? code}); stopping the stack`);
    stopAll(1);
  });
  children.push(child);
  return child;
}

/** Stops every process gracefully; exits non-zero if asked to, or if any process did not stop cleanly. */
function stopAll(exitCode: number) {
  if (stopping) return;
  stopping = true;
  const alive = children.filter((child) => child.exitCode === null && child.signalCode === null);
  if (alive.length === 0) process.exit(exitCode);
  let remaining = alive.length;
  let unclean = 0;
  for (const child of alive) {
    child.once('exit', (code, signal) => {
      if (code !== 0) {
        unclean += 1;
        console.error(`process ${child.pid} did not stop cleanly (${signal ?? code})`);
      }
      remaining -= 1;
      if (remaining === 0) process.exit(unclean > 0 ? 1 : exitCode);
    });
    child.kill('SIGTERM');
  }
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

/** Whether something already listens on host:port (a stack already running answers there). */
function portTaken(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE'));
    probe.listen(port, host, () => probe.close(() => resolve(false)));
  });
}

// Before anything starts: production's settings (the gateway reads every one a subgraph does), said in one line.
try {
  refuseUnsafeProductionSettings(process.env, PRODUCTION_SETTINGS.gateway);
} catch (error) {
  if (!(error instanceof StartupRefusal)) throw error;
  console.error(error.message);
  process.exit(1);
}

// Before anything starts: a port in use (most often a stack already running) is said in one line, and nothing starts.
const gatewayPort = intFromEnv(process.env.PORT, 4000);
const gatewayHost = process.env.GATEWAY_HOST ?? process.env.HOST ?? '127.0.0.1';
const wanted = [
  ...SUBGRAPH_NAMES.map((name) => ({
    label: `the ${name} subgraph`,
    host: subgraphHost(name),
    port: subgraphPort(name),
    setting: `${envKeyOf(name)}_PORT`,
  })),
  { label: 'the gateway', host: gatewayHost, port: gatewayPort, setting: 'PORT' },
];
for (const { label, host, port, setting } of wanted) {
  if (await portTaken(host, port)) {
    console.error(
      `port ${port} on ${host} (${label}) is in use: is the graph already running (npm start in another terminal)? Stop it, or set ${setting} to a free port.`,
    );
    process.exit(1);
  }
}

const storage = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite under ${process.env.DATA_DIR ?? '.data'}/`;
console.log(`Starting four subgraphs and the gateway on ${storage}; the first start migrates and seeds, which takes a little longer.`);

try {
  await Promise.all(
    SUBGRAPH_NAMES.map((name) => {
      startProcess(name, `subgraphs/${name}/src/index.ts`);
      return waitUntilReady(name, `http://${subgraphHost(name)}:${subgraphPort(name)}/ready`, 300_000, { cancelled: () => stopping });
    }),
  );
  startProcess('gateway', 'gateway/index.ts', GATEWAY_NODE_FLAGS);
  const port = gatewayPort;
  const host = gatewayHost;
  await waitUntilReady('gateway', `http://${host}:${port}/ready`, 60_000, { cancelled: () => stopping });
  if (!stopping) {
    const publicHost = host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host;
    const url = `http://${publicHost}:${port}${graphqlPath()}`;
    console.log(`\nThe graph is ready. ${landingPageLine(url)}\n`);
  }
} catch (error) {
  console.error((error as Error).message);
  stopAll(1);
}

/** What a browser finds at the graph's URL, as the gateway decides it (gateway/explorer). */
function landingPageLine(url: string): string {
  switch (landingPageChoice()) {
    case 'explorer':
      return devTokensAvailable()
        ? `Explorer: ${url}\nChoose who you are in its bar (the demo world's people); or mint a token: npm run token -- --agency NPB`
        : `Explorer: ${url}`;
    case 'sandbox':
      return `Apollo Sandbox: ${url}\nDevelopment tokens: npm run token -- --agency SSOIU --province PUNJAB`;
    case 'off':
      return `At ${url} (no landing page: LANDING_PAGE is off).`;
  }
}
