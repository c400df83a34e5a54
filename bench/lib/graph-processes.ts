/**
 * The product as `npm start` runs it, for `npm run bench:events`: the four
 * subgraphs as shipped and the gateway, each an OS process of its own on a
 * free port, requests signed with a secret of the run's own. Unlike
 * `startConfigurations` (the peers of `npm run bench`: several sets side by
 * side, one environment for all), every process here takes the environment of
 * a transport (NATS_URL and a stream of the run's own, or none), and one
 * subgraph can be started again with settings of its own (its relay off, then
 * on) on the same port and data, as an operator restarts one process.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { envKeyOf } from '#service';
import { freePorts } from '#test-kit';
import { GATEWAY_NODE_FLAGS } from '../../gateway/node-flags.ts';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/index.ts';
import { startBenchProcess, type BenchProcess } from './processes.ts';
import type { StorageEnv } from './storage.ts';

export interface RunningGraph {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  /** The processes running now (a restarted subgraph's new one). */
  processes(): BenchProcess[];
  process(name: SubgraphName | 'gateway'): BenchProcess;
  /** Stops the subgraph's process (gracefully: its relay finishes the deliveries under way) and starts it again with `env` over the graph's. */
  restart(name: SubgraphName, env?: NodeJS.ProcessEnv): Promise<void>;
  stop(): Promise<void>;
}

export async function startGraph(options: {
  storage: StorageEnv;
  /** Over the bench's own environment, for every process. */
  env: NodeJS.ProcessEnv;
  logDir: string;
  log: (line: string) => void;
}): Promise<RunningGraph> {
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    SEED_ON_START: 'never',
    // The committee's figures are not what is measured: preparing them at start would take CPU from the first phase.
    METRICS_PREPARE_YEARS: '0',
    SUBGRAPH_HMAC_SECRET: randomBytes(32).toString('hex'),
  };
  delete base.DATABASE_URL;
  delete base.DATA_DIR;
  delete base.NATS_URL;
  Object.assign(base, options.env);
  const ports = await freePorts(SUBGRAPH_NAMES.length + 1);
  const subgraphUrls = Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [name, `http://127.0.0.1:${ports[i]}/graphql`])) as Record<
    SubgraphName,
    string
  >;
  // Every process knows where every subgraph is (the relays post to their consumers there; the gateway asks them).
  for (const name of SUBGRAPH_NAMES) base[`${envKeyOf(name)}_URL`] = subgraphUrls[name];
  const gatewayPort = ports[SUBGRAPH_NAMES.length]!;
  const running = new Map<SubgraphName | 'gateway', BenchProcess>();
  let restarts = 0;

  const startSubgraph = (name: SubgraphName, env: NodeJS.ProcessEnv = {}) =>
    startBenchProcess({
      label: name,
      entry: `subgraphs/${name}/src/index.ts`,
      env: { ...base, ...options.storage, [`${envKeyOf(name)}_PORT`]: String(ports[SUBGRAPH_NAMES.indexOf(name)]), ...env },
      readyUrl: new URL('/ready', subgraphUrls[name]).href,
      logFile: path.join(options.logDir, `${name}${restarts ? `-${restarts}` : ''}.log`),
    });
  const stop = async () => {
    await running.get('gateway')?.stop();
    await Promise.all(SUBGRAPH_NAMES.map((name) => running.get(name)?.stop()));
  };

  try {
    options.log('starting the four subgraphs...');
    await Promise.all(SUBGRAPH_NAMES.map(async (name) => running.set(name, await startSubgraph(name))));
    options.log('starting the gateway...');
    running.set(
      'gateway',
      await startBenchProcess({
        label: 'gateway',
        entry: 'gateway/index.ts',
        env: { ...base, PORT: String(gatewayPort) },
        readyUrl: `http://127.0.0.1:${gatewayPort}/ready`,
        logFile: path.join(options.logDir, 'gateway.log'),
        nodeFlags: [...GATEWAY_NODE_FLAGS],
      }),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    gatewayUrl: `http://127.0.0.1:${gatewayPort}/graphql`,
    subgraphUrls,
    processes: () => [...running.values()],
    process: (name) => running.get(name)!,
    async restart(name, env) {
      await running.get(name)!.stop();
      restarts += 1;
      running.set(name, await startSubgraph(name, env));
    },
    stop,
  };
}
