/**
 * The configurations `npm run bench` measures in turn (issue 5, item 3), on
 * the same subgraph code and the same data, and the processes behind them:
 *
 * - three sets of the four subgraphs, each process on its own: "shipped" (as
 *   `npm start` runs them: access policy, audit trail, and the gateway's
 *   request signature required), "open" (assembled without the policy and
 *   the audit trail, nothing to sign: bench/processes/open-subgraph.ts) and
 *   "unlimited" (as shipped but without the operation limits, to measure
 *   what the limits cost, with the gateway's rate limits);
 * - four gateways, each process on its own: the product (gateway/index.ts)
 *   and Hive Gateway before the shipped set, plain Apollo Gateway (the
 *   product's gateway without its policy filter) before the open set, and the
 *   product without its limits before the unlimited set.
 *
 * What a set or a gateway does without is said here, as the parts it leaves
 * out ({@link SUBGRAPH_PARTS_LEFT_OUT}, {@link GATEWAY_PARTS_LEFT_OUT}), and
 * passed to its process in code, never through the environment.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { GATEWAY_NODE_FLAGS } from '../../gateway/node-flags.ts';
import { requestSigningFromEnv, type RequestSigningSettings } from '#identity';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/index.ts';
import type { SubgraphPartName } from '#subgraph';
import type { GatewayPartName } from '../../gateway/part.ts';
import type { Workload } from '#test-kit';
import { freePorts, GENEROUS_RATE_LIMITS, sqlOnServer } from '#test-kit';
import { DEFAULT_POOL_MAX } from '#storage';
import { startBenchProcess, type BenchProcess } from './processes.ts';
import type { StorageEnv } from './storage.ts';

export const CONFIGURATION_IDS = ['a', 'a-shipped', 'b', 'c', 'c-unlimited', 'd'] as const;
export type ConfigurationId = (typeof CONFIGURATION_IDS)[number];
export type SubgraphSetName = 'shipped' | 'open' | 'unlimited';
export type GatewayName = 'product' | 'plain' | 'unlimited' | 'hive';
const SUBGRAPH_SETS: readonly SubgraphSetName[] = ['shipped', 'open', 'unlimited'];
const GATEWAYS: readonly GatewayName[] = ['product', 'plain', 'unlimited', 'hive'];
/** The sets whose subgraphs check the gateway's request signature. */
const signedSet = (set: SubgraphSetName) => set !== 'open';

/** The parts each set of subgraphs is assembled without. */
export const SUBGRAPH_PARTS_LEFT_OUT: Record<SubgraphSetName, readonly SubgraphPartName[]> = {
  shipped: [],
  open: ['enforcement', 'audit-trail'],
  unlimited: ['operation-limits'],
};

/** The parts each of our gateways is assembled without (Hive Gateway is not ours). */
export const GATEWAY_PARTS_LEFT_OUT: Record<Exclude<GatewayName, 'hive'>, readonly GatewayPartName[]> = {
  product: [],
  plain: ['policy-filter'],
  unlimited: ['operation-limits', 'rate-limits'],
};

export interface Configuration {
  id: ConfigurationId;
  label: string;
  description: string;
  subgraphs: SubgraphSetName;
  /** None: the subgraph that can answer the workload alone is asked directly. */
  gateway?: GatewayName;
}

export const CONFIGURATIONS: Record<ConfigurationId, Configuration> = {
  a: {
    id: 'a',
    label: '(a) subgraph direct',
    description:
      'the floor: the one subgraph that answers the workload alone, asked directly, assembled without its access policy and audit trail',
    subgraphs: 'open',
  },
  'a-shipped': {
    id: 'a-shipped',
    label: "(a') subgraph direct, as shipped",
    description:
      'the same subgraph as shipped (access policy, audit trail, request signature checked), asked directly with requests the bench signs as the gateway would',
    subgraphs: 'shipped',
  },
  b: {
    id: 'b',
    label: '(b) plain Apollo Gateway',
    description:
      "the product's gateway (Apollo Server + @apollo/gateway, its undici subgraph client, the token forwarded) without its policy filter, before the subgraphs without access policy and audit trail; no request signing",
    subgraphs: 'open',
    gateway: 'plain',
  },
  c: {
    id: 'c',
    label: '(c) the product',
    description:
      'the product as shipped: gateway/index.ts (token verified, policy filter, refusals recorded, requests signed) before the subgraphs as shipped (graphql-shield row rules, audit trail, signatures checked)',
    subgraphs: 'shipped',
    gateway: 'product',
  },
  'c-unlimited': {
    id: 'c-unlimited',
    label: "(c') the product without its limits",
    description:
      'the product as (c), its gateway and subgraphs assembled without their operation limits (depth, aliases, directives, repeats, tokens, cost), the gateway without its rate limits too: what the limits cost is (c) against this, measured in the same run',
    subgraphs: 'unlimited',
    gateway: 'unlimited',
  },
  d: {
    id: 'd',
    label: '(d) Hive Gateway',
    description:
      '@graphql-hive/gateway on the same supergraph with its @requiresScopes enforcement on (generic auth, protect-granular, the same token verifier), signing its subgraph requests, before the same subgraphs as (c)',
    subgraphs: 'shipped',
    gateway: 'hive',
  },
};

export interface SubgraphSet {
  name: SubgraphSetName;
  urls: Record<SubgraphName, string>;
  processes: Record<SubgraphName, BenchProcess>;
}

export interface RunningGateway {
  name: GatewayName;
  url: string;
  process: BenchProcess;
}

export interface RunningConfigurations {
  sets: Partial<Record<SubgraphSetName, SubgraphSet>>;
  gateways: Partial<Record<GatewayName, RunningGateway>>;
  /** What the gateways sign with and the shipped subgraphs check; the bench signs (a') with it. */
  signing: RequestSigningSettings;
  /** Every process, for liveness checks and shutdown. */
  all(): BenchProcess[];
  stop(): Promise<void>;
}

export interface StartOptions {
  configurations: readonly Configuration[];
  storage: Partial<Record<SubgraphSetName, StorageEnv>>;
  logDir: string;
  /** Extra `node` flags for a process (`--cpu-prof`, say), by its label (`gateway product`, `shipped offenders`, ...). */
  nodeFlags?: (label: string) => string[];
  log: (line: string) => void;
}

const GATEWAY_ENTRIES: Record<
  GatewayName,
  { entry: string; args?: readonly string[]; readyPath: string; set: SubgraphSetName; nodeFlags?: readonly string[] }
> = {
  product: { entry: 'gateway/index.ts', readyPath: '/ready', set: 'shipped', nodeFlags: GATEWAY_NODE_FLAGS },
  plain: {
    entry: 'bench/processes/plain-gateway.ts',
    args: ['--leave-out', GATEWAY_PARTS_LEFT_OUT.plain.join(',')],
    readyPath: '/ready',
    set: 'open',
  },
  unlimited: {
    entry: 'bench/processes/plain-gateway.ts',
    args: ['--leave-out', GATEWAY_PARTS_LEFT_OUT.unlimited.join(',')],
    readyPath: '/ready',
    set: 'unlimited',
    nodeFlags: GATEWAY_NODE_FLAGS,
  },
  hive: { entry: 'bench/processes/hive-gateway.ts', readyPath: '/readiness', set: 'shipped' },
};

const envKey = (name: SubgraphName) => name.toUpperCase().replace(/-/g, '_');

/**
 * On PostgreSQL, the connections each subgraph process may hold: the default
 * where the server's `max_connections` has room for every process's, else an
 * equal share of it (less a tenth for everything else), so three sets of four
 * subgraphs do not exhaust a default server's 100 in the middle of a run.
 */
async function poolMaxPerSubgraph(storage: Partial<Record<SubgraphSetName, StorageEnv>>, processes: number): Promise<number | undefined> {
  const url = Object.values(storage).find((env) => 'DATABASE_URL' in env)?.DATABASE_URL;
  if (!url) return undefined;
  const [row] = await sqlOnServer<{ max_connections: string }>(url, 'show max_connections');
  const share = Math.floor((Number(row!.max_connections) * 0.9) / processes);
  if (share < 2)
    throw new Error(
      `PostgreSQL's max_connections (${row!.max_connections}) leaves fewer than 2 connections for each of ${processes} subgraph processes`,
    );
  return Math.min(DEFAULT_POOL_MAX, share);
}

/** Starts the subgraph sets and gateways the chosen configurations need, on free ports, and waits until each is ready. */
export async function startConfigurations(options: StartOptions): Promise<RunningConfigurations> {
  const started: BenchProcess[] = [];
  const secret = randomBytes(32).toString('hex');
  // The gateways count every request against rate limits, as shipped, with budgets above what the load sends.
  const base: NodeJS.ProcessEnv = {
    ...GENEROUS_RATE_LIMITS,
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    SEED_ON_START: 'never',
  };
  delete base.DATABASE_URL;
  delete base.DATA_DIR;
  const running: RunningConfigurations = {
    sets: {},
    gateways: {},
    signing: requestSigningFromEnv({ SUBGRAPH_HMAC_SECRET: secret })!,
    all: () => [...started],
    async stop() {
      const gateways = started.filter((p) => p.label.startsWith('gateway'));
      await Promise.all(gateways.map((p) => p.stop()));
      await Promise.all(started.filter((p) => !gateways.includes(p)).map((p) => p.stop()));
    },
  };
  try {
    const sets = new Set(options.configurations.map((c) => c.subgraphs));
    const poolMax = await poolMaxPerSubgraph(options.storage, sets.size * SUBGRAPH_NAMES.length);
    for (const set of SUBGRAPH_SETS.filter((s) => sets.has(s))) {
      const free = await freePorts(SUBGRAPH_NAMES.length);
      const ports = Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [name, free[i]!])) as Record<SubgraphName, number>;
      const env: NodeJS.ProcessEnv = {
        ...base,
        ...options.storage[set],
        ...(signedSet(set) ? { SUBGRAPH_HMAC_SECRET: secret } : {}),
        ...(poolMax ? { DATABASE_POOL_MAX: String(poolMax) } : {}),
      };
      for (const name of SUBGRAPH_NAMES) env[`${envKey(name)}_PORT`] = String(ports[name]);
      options.log(`starting the ${set} subgraphs...`);
      const processes = await Promise.all(
        SUBGRAPH_NAMES.map(async (name) => {
          const label = `${set} ${name}`;
          const handle = await startBenchProcess({
            label,
            entry: set === 'shipped' ? `subgraphs/${name}/src/index.ts` : 'bench/processes/open-subgraph.ts',
            args: set === 'shipped' ? [] : [name, '--leave-out', SUBGRAPH_PARTS_LEFT_OUT[set].join(',')],
            env,
            readyUrl: `http://127.0.0.1:${ports[name]}/ready`,
            logFile: path.join(options.logDir, `${set}-${name}.log`),
            nodeFlags: options.nodeFlags?.(label),
          });
          started.push(handle);
          return [name, handle] as const;
        }),
      );
      running.sets[set] = {
        name: set,
        urls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `http://127.0.0.1:${ports[name]}/graphql`])) as Record<
          SubgraphName,
          string
        >,
        processes: Object.fromEntries(processes) as Record<SubgraphName, BenchProcess>,
      };
    }
    const gateways = new Set(options.configurations.flatMap((c) => (c.gateway ? [c.gateway] : [])));
    for (const name of GATEWAYS.filter((g) => gateways.has(g))) {
      const { entry, args, readyPath, set, nodeFlags = [] } = GATEWAY_ENTRIES[name];
      const [port] = await freePorts(1);
      const env: NodeJS.ProcessEnv = { ...base, PORT: String(port), ...(signedSet(set) ? { SUBGRAPH_HMAC_SECRET: secret } : {}) };
      for (const subgraph of SUBGRAPH_NAMES) env[`${envKey(subgraph)}_URL`] = running.sets[set]!.urls[subgraph];
      options.log(`starting the ${name} gateway...`);
      const label = `gateway ${name}`;
      const handle = await startBenchProcess({
        label,
        entry,
        args: args ? [...args] : undefined,
        env,
        readyUrl: `http://127.0.0.1:${port}${readyPath}`,
        logFile: path.join(options.logDir, `gateway-${name}.log`),
        nodeFlags: [...nodeFlags, ...(options.nodeFlags?.(label) ?? [])],
      });
      started.push(handle);
      running.gateways[name] = { name, url: `http://127.0.0.1:${port}/graphql`, process: handle };
    }
    await untilFiguresPrepared(
      Object.values(running.sets).flatMap((set) => Object.values(set!.urls)),
      options.log,
    );
    return running;
  } catch (error) {
    await running.stop();
    throw error;
  }
}

/**
 * Every subgraph counts and protects the committee's recent years after it
 * starts (seconds of CPU each at a large scale): measuring before that is
 * over would charge it to whichever configuration comes first. Waits until
 * each reports `committee_figures_preparing 0` on its /metrics.
 */
async function untilFiguresPrepared(graphqlUrls: string[], log: (line: string) => void, timeoutMs = 600_000): Promise<void> {
  const began = performance.now();
  const preparing = async (url: string) => {
    const text = await (await fetch(new URL('/metrics', url))).text();
    return /^committee_figures_preparing\{[^}]*\} 1$/m.test(text);
  };
  for (;;) {
    const still = (await Promise.all(graphqlUrls.map(preparing))).filter(Boolean).length;
    if (still === 0) break;
    if (performance.now() - began > timeoutMs)
      throw new Error(`${still} subgraphs were still preparing the committee figures after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  log(
    `every subgraph has prepared the committee figures (${((performance.now() - began) / 1000).toFixed(1)} s after the last process was ready)`,
  );
}

/** Where a configuration sends a workload, and whether the bench must sign; null where it does not apply (a workload no single subgraph answers, for (a)). */
export function targetOf(
  configuration: Configuration,
  workload: Workload,
  running: RunningConfigurations,
): { url: string; signing?: RequestSigningSettings } | null {
  if (configuration.gateway) return { url: running.gateways[configuration.gateway]!.url };
  if (!workload.subgraph) return null;
  const url = running.sets[configuration.subgraphs]!.urls[workload.subgraph];
  return signedSet(configuration.subgraphs) ? { url, signing: running.signing } : { url };
}
