/**
 * The whole stack in one process for tests and benchmarks: four subgraphs and
 * the gateway on free ports, over real HTTP. Storage is in-memory PGlite, or
 * PostgreSQL when a URL is given (each subgraph in its own schema, reseeded);
 * in tests, a copy of the world of its own (`world`).
 */
import { createGatewayService } from '../gateway/server.ts';
import type { GatewayPart } from '../gateway/part.ts';
import { envKeyOf, listen, type ListeningService } from '#service';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/index.ts';
import { createSubgraphService, type SubgraphPart, type SubgraphService } from '#subgraph';
import { subgraphDefinitions } from '../subgraphs/definitions.ts';
import { copyOfWorld, TEMPLATE_SCALE, type World } from './database-templates.ts';
import { ownEventStream } from './event-stream.ts';
import { freePorts } from './free-ports.ts';
import { GENEROUS_RATE_LIMITS } from './rate-limits.ts';

let stacksStarted = 0;

export interface RunningStack {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  subgraphs: Record<SubgraphName, SubgraphService>;
  /**
   * Takes a subgraph off the network as if its process were down, until
   * `back()`: on PostgreSQL the service is stopped (its relay and NATS
   * consumer too) and started again on its port, on the same database; on
   * PGlite, whose copy lives in this process's memory, it stops listening
   * and listens again.
   */
  down(name: SubgraphName): Promise<{ back(): Promise<void> }>;
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
  /**
   * Tests: run on a copy of the run's templates of its own, on the suite's
   * database (PGlite, or PostgreSQL with TEST_DATABASE_URL), dropped on stop:
   * the world at scale 1 ('seeded') or the migrated schema alone ('migrated').
   * Instead of databaseUrl, reseed, seed and scale.
   */
  world?: Exclude<World, 'empty'>;
}

export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  // Figures are prepared at start only where a test asks (it costs seconds of CPU the suite would share).
  const env: NodeJS.ProcessEnv = { METRICS_PREPARE_YEARS: '0', ...GENEROUS_RATE_LIMITS, ...process.env, ...options.env };
  const scale = options.scale ?? 1;
  // On NATS, a stream and subjects of the stack's own (unless its caller names one).
  const stream = ownEventStream({ NATS_URL: env.NATS_URL, EVENTS_NATS_STREAM: options.env?.EVENTS_NATS_STREAM });
  Object.assign(env, stream.env);
  const dropStream = stream.drop;
  // On Redis, budgets of the stack's own: another stack's (or an earlier run's) requests spend none of them.
  if (env.REDIS_URL && !options.env?.RATE_LIMIT_KEY_PREFIX) {
    env.RATE_LIMIT_KEY_PREFIX = `rate-limit:stack-${process.pid}-${(stacksStarted += 1)}-${Date.now().toString(36)}`;
  }
  const started: ListeningService[] = [];
  if (options.world && scale !== TEMPLATE_SCALE) throw new Error(`the world is copied at scale ${TEMPLATE_SCALE}, not ${scale}`);
  const copy = options.world ? await copyOfWorld('stack', options.world) : undefined;
  try {
    // Each subgraph's port is chosen before any starts: as a deployment tells each process where the others are
    // (the register asks the cases subgraph about stated purposes; an emitter's relay posts events to its
    // consumers) by <NAME>_URL, known to every process from its start.
    const ports = await freePorts(SUBGRAPH_NAMES.length);
    SUBGRAPH_NAMES.forEach((name, i) => {
      env[`${envKeyOf(name)}_URL`] = `http://127.0.0.1:${ports[i]}/graphql`;
    });
    const storageOf = (name: SubgraphName) =>
      copy
        ? copy.storageOf(name)
        : options.databaseUrl
          ? ({ kind: 'postgres', url: options.databaseUrl } as const)
          : ({ kind: 'pglite', dataDir: 'memory://' } as const);
    const create = (name: SubgraphName) =>
      createSubgraphService(subgraphDefinitions[name], {
        env,
        storage: storageOf(name),
        seedOnStart: copy || options.databaseUrl || options.seed === 'none' ? 'never' : 'if-empty',
        seedScale: scale,
        parts: options.parts?.subgraphs,
      });
    const services = await Promise.all(
      SUBGRAPH_NAMES.map(async (name, i) => {
        const service = await create(name);
        // A shared server is reseeded so every run starts from the same synthetic world.
        if (!copy && options.databaseUrl && options.reseed !== false && options.seed !== 'none') await service.database.seed(scale);
        const running = await listen(service, ports[i]!, '127.0.0.1', '/graphql');
        started.push(running);
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
    const subgraphs = Object.fromEntries(services.map(([name, service]) => [name, service])) as Record<SubgraphName, SubgraphService>;
    const runningOf = Object.fromEntries(services.map(([name, , running]) => [name, running])) as Record<SubgraphName, ListeningService>;
    return {
      gatewayUrl: gateway.url,
      subgraphUrls,
      subgraphs,
      async down(name) {
        const port = ports[SUBGRAPH_NAMES.indexOf(name)]!;
        if (storageOf(name).kind === 'postgres') {
          await runningOf[name].stop();
          return {
            async back() {
              const service = await create(name);
              const running = await listen(service, port, '127.0.0.1', '/graphql');
              started.push(running);
              subgraphs[name] = service;
              runningOf[name] = running;
            },
          };
        }
        const { httpServer } = subgraphs[name];
        await new Promise<void>((resolve) => {
          httpServer.close(() => resolve());
          httpServer.closeAllConnections();
        });
        return {
          back: () =>
            new Promise<void>((resolve, reject) => {
              httpServer.once('error', reject);
              httpServer.listen(port, '127.0.0.1', () => resolve());
            }),
        };
      },
      stop: async () => {
        await gateway.stop();
        await Promise.all(started.filter((s) => s !== gateway).map((s) => s.stop()));
        await copy?.drop();
        await dropStream();
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((s) => s.stop()));
    await copy?.drop();
    await dropStream();
    throw error;
  }
}
