export { runSubgraph } from './run.ts';
export {
  createSubgraphService,
  type SubgraphContext,
  type SubgraphDefinition,
  type SubgraphService,
  type SubgraphServiceOptions,
} from './server.ts';
export { subgraphSdl, subgraphTypeDefs } from './sdl.ts';
