import { readFileSync } from 'node:fs';
import { type DocumentNode, parse } from 'graphql';

/** What every subgraph's SDL is served and composed with: the shared types and the policy's directives. */
const SHARED_SDL = [new URL('../../schema/common.graphql', import.meta.url), new URL('../../schema/policy.graphql', import.meta.url)];

/** A subgraph's SDL as served and composed: its own schema.graphql, then schema/common.graphql and schema/policy.graphql. */
export function subgraphSdl(ownSchema: URL): string {
  return [ownSchema, ...SHARED_SDL].map((file) => readFileSync(file, 'utf8')).join('\n');
}

export function subgraphTypeDefs(ownSchema: URL): DocumentNode {
  return parse(subgraphSdl(ownSchema));
}
