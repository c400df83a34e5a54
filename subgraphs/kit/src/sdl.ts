import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type DocumentNode } from 'graphql';

export const SUBGRAPH_NAMES = ['cases', 'offenders', 'courts', 'crisis-cells'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export const commonSdlPath = `${repoRoot}schema/common.graphql`;
export const subgraphSdlPath = (name: SubgraphName) => `${repoRoot}subgraphs/${name}/schema.graphql`;

/** A subgraph's SDL as served and composed: its own schema.graphql after the shared common.graphql. */
export function loadSubgraphSdl(name: SubgraphName): string {
  return `${readFileSync(subgraphSdlPath(name), 'utf8')}\n${readFileSync(commonSdlPath, 'utf8')}`;
}

export function loadSubgraphTypeDefs(name: SubgraphName): DocumentNode {
  return parse(loadSubgraphSdl(name));
}
