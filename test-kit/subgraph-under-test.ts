import { listen, type ListeningService } from '#service';
import type { SubgraphService } from '#subgraph';
import type { SubgraphServiceOptions } from '#subgraph';

export interface SubgraphUnderTest extends ListeningService {
  service: SubgraphService;
}

/** One subgraph on an in-memory PGlite database, migrated and seeded at scale 1, on a free port. */
export async function startSubgraphForTest(
  create: (options: SubgraphServiceOptions) => Promise<SubgraphService>,
  options: SubgraphServiceOptions = {},
): Promise<SubgraphUnderTest> {
  // Committee figures are prepared at start only where a test asks: tests change data after start.
  const env = { METRICS_PREPARE_YEARS: '0', ...(options.env ?? process.env) };
  const service = await create({
    storage: { kind: 'pglite', dataDir: 'memory://' },
    seedOnStart: 'if-empty',
    seedScale: 1,
    ...options,
    env,
  });
  const running = await listen(service, 0, '127.0.0.1', '/graphql');
  return { ...running, service };
}
