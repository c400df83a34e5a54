import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type DocumentNode } from 'graphql';

export const SUBGRAPH_NAMES = ['cases', 'offenders', 'courts', 'crisis-cells'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const commonSdlPath = `${repoRoot}schema/common.graphql`;
const policySdlPath = `${repoRoot}schema/policy.graphql`;
const subgraphSdlPath = (name: SubgraphName) => `${repoRoot}subgraphs/${name}/schema.graphql`;

/** A subgraph's SDL as served and composed: its own schema.graphql, then the shared common.graphql and policy.graphql. */
function loadSubgraphSdl(name: SubgraphName): string {
  return [subgraphSdlPath(name), commonSdlPath, policySdlPath].map((path) => readFileSync(path, 'utf8')).join('\n');
}

export function loadSubgraphTypeDefs(name: SubgraphName): DocumentNode {
  return parse(loadSubgraphSdl(name));
}
