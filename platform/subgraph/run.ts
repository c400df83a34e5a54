import { graphqlPath, serviceHost, servicePort } from '#service';
import { listen, StartupRefusal, stopOnSignals } from '#service';
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
  let service: Awaited<ReturnType<typeof createSubgraphService<TLoaders>>>;
  try {
    service = await createSubgraphService(definition, { ...options, env });
  } catch (error) {
    // Something its operator can act on (a data directory another process owns): one line, no stack trace.
    if (!(error instanceof StartupRefusal)) throw error;
    console.error(`${definition.name}: ${error.message}`);
    process.exit(1);
  }
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
