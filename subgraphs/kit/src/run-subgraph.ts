import { graphqlPath, subgraphHost, subgraphPort } from './config.ts';
import { listen, stopOnSignals } from './service.ts';
import { createSubgraphService, type SubgraphDefinition } from './subgraph-server.ts';

/** Entry point of a subgraph process: build, listen on its configured port, stop gracefully on signals. */
export async function runSubgraph<TLoaders>(definition: SubgraphDefinition<TLoaders>, env: NodeJS.ProcessEnv = process.env) {
  const service = await createSubgraphService(definition, { env });
  const running = await listen(service, subgraphPort(definition.name, env), subgraphHost(definition.name, env), graphqlPath(env));
  stopOnSignals(running, service.logger);
  service.logger.info({ url: running.url }, 'subgraph ready');
  return running;
}
