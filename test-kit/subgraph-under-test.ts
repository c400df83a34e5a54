import { listen, type ListeningService } from '#service';
import { createSubgraphService, type SubgraphService, type SubgraphServiceOptions } from '#subgraph';
import type { SubgraphName } from '../subgraphs/index.ts';
import { subgraphDefinitions } from '../subgraphs/definitions.ts';
import { copyOfWorld, TEMPLATE_SCALE, type World } from './database-templates.ts';

export interface SubgraphUnderTest extends ListeningService {
  service: SubgraphService;
}

export interface SubgraphTestOptions extends SubgraphServiceOptions {
  /**
   * What the subgraph's database of its own starts with, copied from the run's
   * templates on the suite's database (PGlite, or PostgreSQL with
   * TEST_DATABASE_URL): the world at scale 1 (default), or only the migrated
   * schema. Not used when `storage` is given.
   */
  world?: Exclude<World, 'empty'>;
}

/**
 * One subgraph on a free port. Named, it runs on a copy of the world of its
 * own (see `world`), dropped when it stops. Given its create function instead
 * (the older form), on an in-memory PGlite database (or `storage`), migrated
 * and seeded at scale 1 at start.
 */
export async function startSubgraphForTest(
  subgraph: SubgraphName | ((options: SubgraphServiceOptions) => Promise<SubgraphService>),
  options: SubgraphTestOptions = {},
): Promise<SubgraphUnderTest> {
  const { world = 'seeded', ...serviceOptions } = options;
  // Committee figures are prepared at start only where a test asks: tests change data after start. A subgraph
  // alone has no one to deliver its events to, and a relay's outbox poll would be counted among the statements
  // these tests count: no relay unless a test asks for one.
  const env = { METRICS_PREPARE_YEARS: '0', EVENTS_RELAY: 'off', ...(options.env ?? process.env) };
  if (typeof subgraph === 'function') {
    const service = await subgraph({
      storage: { kind: 'pglite', dataDir: 'memory://' },
      seedOnStart: 'if-empty',
      seedScale: 1,
      ...serviceOptions,
      env,
    });
    const running = await listen(service, 0, '127.0.0.1', '/graphql');
    return { ...running, service };
  }
  if (!serviceOptions.storage && (serviceOptions.seedScale ?? TEMPLATE_SCALE) !== TEMPLATE_SCALE) {
    throw new Error(`the world is copied at scale ${TEMPLATE_SCALE}: give storage of your own to seed another`);
  }
  const copy = serviceOptions.storage ? undefined : await copyOfWorld(subgraph.replace(/-/g, '_'), world);
  try {
    const service = await createSubgraphService(subgraphDefinitions[subgraph], {
      storage: copy?.storageOf(subgraph),
      seedOnStart: copy ? 'never' : 'if-empty',
      seedScale: 1,
      ...serviceOptions,
      env,
    });
    const running = await listen(service, 0, '127.0.0.1', '/graphql');
    return {
      ...running,
      service,
      stop: async () => {
        await running.stop();
        await copy?.drop();
      },
    };
  } catch (error) {
    await copy?.drop();
    throw error;
  }
}
