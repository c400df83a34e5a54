import { createMutations } from '#mutation';
import { subgraphTypeDefs } from '#subgraph';

/** The courts subgraph's mutations, their rules read from its own SDL (the one it serves). */
export const mutations = createMutations(subgraphTypeDefs(new URL('../../schema.graphql', import.meta.url)));
