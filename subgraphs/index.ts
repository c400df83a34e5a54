/**
 * The graph's subgraphs: their names, default ports (DESIGN section 6) and
 * SDL, for the scripts, tests and benchmarks that act on all of them. Each
 * subgraph's own definition (`<name>/src/server.ts`) says the rest.
 */
import type { DocumentNode } from 'graphql';
import { serviceHost, servicePort, serviceUrl } from '#service';
import { subgraphSdl, subgraphTypeDefs } from '#subgraph';

export const SUBGRAPH_NAMES = ['cases', 'offenders', 'courts', 'crisis-cells'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const SUBGRAPH_PORTS: Record<SubgraphName, number> = {
  cases: 4001,
  offenders: 4002,
  courts: 4003,
  'crisis-cells': 4004,
};

export const subgraphSchemaFile = (name: SubgraphName) => new URL(`./${name}/schema.graphql`, import.meta.url);
export const subgraphPort = (name: SubgraphName, env: NodeJS.ProcessEnv = process.env) => servicePort(name, SUBGRAPH_PORTS[name], env);
export const subgraphHost = (name: SubgraphName, env: NodeJS.ProcessEnv = process.env) => serviceHost(name, env);
/** Where a subgraph is reached: `<NAME>_URL`, else host, port and GRAPHQL_PATH. */
export const subgraphUrl = (name: SubgraphName, env: NodeJS.ProcessEnv = process.env) => serviceUrl(name, SUBGRAPH_PORTS[name], env);

/** A subgraph's SDL as served and composed: its own schema.graphql, then the shared common.graphql and policy.graphql. */
export const loadSubgraphSdl = (name: SubgraphName): string => subgraphSdl(subgraphSchemaFile(name));
export const loadSubgraphTypeDefs = (name: SubgraphName): DocumentNode => subgraphTypeDefs(subgraphSchemaFile(name));
