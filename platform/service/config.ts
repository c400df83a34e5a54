import type { SubgraphName } from '../../subgraphs/index.ts';

/** Default ports of DESIGN section 6; each is overridable by its own variable. */
const DEFAULT_SUBGRAPH_PORTS: Record<SubgraphName, number> = {
  cases: 4001,
  offenders: 4002,
  courts: 4003,
  'crisis-cells': 4004,
};

const envKey = (name: SubgraphName) => name.toUpperCase().replace(/-/g, '_');

export function subgraphPort(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): number {
  return intFromEnv(env[`${envKey(name)}_PORT`], DEFAULT_SUBGRAPH_PORTS[name]);
}

export function subgraphHost(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): string {
  return env[`${envKey(name)}_HOST`] ?? env.HOST ?? '127.0.0.1';
}

/** Where the gateway reaches a subgraph: `<NAME>_URL`, else host, port and GRAPHQL_PATH. */
export function subgraphUrl(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): string {
  return (
    env[`${envKey(name)}_URL`] ??
    `http://${subgraphHost(name, env)}:${subgraphPort(name, env)}${graphqlPath(env)}`
  );
}

export function graphqlPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.GRAPHQL_PATH ?? '/graphql';
}

export function intFromEnv(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`expected a non-negative integer, got "${value}"`);
  return parsed;
}
