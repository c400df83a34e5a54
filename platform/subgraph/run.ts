import { graphqlPath, serviceHost, servicePort } from '#service';
import { listen, stopOnSignals } from '#service';
import type { SubgraphDefinition } from './definition.ts';
import { createSubgraphService, type SubgraphServiceOptions } from './server.ts';

/**
 * Entry point of a subgraph process: build (server.ts), listen on its
 * configured port, stop gracefully on signals. `options` are set in code by
 * the entry point (bench/ leaves parts out there), never read from the environment.
 */
export async function runSubgraph<TLoaders>(
  definition: SubgraphDefinition<TLoaders>,
  env: NodeJS.ProcessEnv = process.env,
  options: Omit<SubgraphServiceOptions, 'env'> = {},
) {
  const service = await createSubgraphService(definition, { ...options, env });
  const running = await listen(
    service,
    servicePort(definition.name, definition.port, env),
    serviceHost(definition.name, env),
    graphqlPath(env),
  );
  stopOnSignals(running, service.logger);
  service.logger.info({ url: running.url }, 'subgraph ready');
  return running;
}
