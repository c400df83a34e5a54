/**
 * The whole stack in one process for tests and benchmarks: four subgraphs and
 * the gateway on free ports, over real HTTP. Storage is in-memory PGlite, or
 * PostgreSQL when a URL is given (each subgraph in its own schema, reseeded).
 */
import { createGatewayService } from '../gateway/server.ts';
import type { GatewayPart } from '../gateway/part.ts';
import { envKeyOf, listen, type ListeningService } from '#service';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/index.ts';
import { createSubgraphService, type SubgraphPart, type SubgraphService } from '#subgraph';
import { subgraphDefinitions } from '../subgraphs/definitions.ts';

export interface RunningStack {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  subgraphs: Record<SubgraphName, SubgraphService>;
  stop(): Promise<void>;
}

export interface StackOptions {
  databaseUrl?: string;
  scale?: number;
  env?: NodeJS.ProcessEnv;
  /**
   * What the subgraphs and the gateway are assembled from; default each one's
   * default parts. A stack without the access policy, to measure what it costs
   * (bench/ only), leaves out the subgraphs' `enforcement` and the gateway's `policy-filter`.
   */
  parts?: { subgraphs?: readonly SubgraphPart[]; gateway?: readonly GatewayPart[] };
  /** With databaseUrl: reseed every subgraph (default), or use the data already there. */
  reseed?: boolean;
  /** 'none': migrated, empty databases, for a test that loads a fixed data set of its own. */
  seed?: 'synthetic' | 'none';
}

export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  // Figures are prepared at start only where a test asks (it costs seconds of CPU the suite would share).
  const env: NodeJS.ProcessEnv = { METRICS_PREPARE_YEARS: '0', ...process.env, ...options.env };
  const scale = options.scale ?? 1;
  const started: ListeningService[] = [];
  try {
    const services = await Promise.all(
      SUBGRAPH_NAMES.map(async (name) => {
        const service = await createSubgraphService(subgraphDefinitions[name], {
          env,
          storage: options.databaseUrl ? { kind: 'postgres', url: options.databaseUrl } : { kind: 'pglite', dataDir: 'memory://' },
          seedOnStart: options.databaseUrl || options.seed === 'none' ? 'never' : 'if-empty',
          seedScale: scale,
          parts: options.parts?.subgraphs,
        });
        // A shared server is reseeded so every run starts from the same synthetic world.
        if (options.databaseUrl && options.reseed !== false && options.seed !== 'none') await service.database.seed(scale);
        const running = await listen(service, 0, '127.0.0.1', '/graphql');
        started.push(running);
        // As a deployment tells each process where the others are (the register asks the cases subgraph
        // about stated purposes): by <NAME>_URL, read when a request needs it.
        env[`${envKeyOf(name)}_URL`] = running.url;
        return [name, service, running] as const;
      }),
    );
    const subgraphUrls = Object.fromEntries(services.map(([name, , running]) => [name, running.url])) as Record<SubgraphName, string>;
    const gateway = await listen(
      await createGatewayService({ env, subgraphUrls, parts: options.parts?.gateway }),
      0,
      '127.0.0.1',
      '/graphql',
    );
    started.push(gateway);
    return {
      gatewayUrl: gateway.url,
      subgraphUrls,
      subgraphs: Object.fromEntries(services.map(([name, service]) => [name, service])) as Record<SubgraphName, SubgraphService>,
      stop: async () => {
        await gateway.stop();
        await Promise.all(started.filter((s) => s !== gateway).map((s) => s.stop()));
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw error;
  }
}
