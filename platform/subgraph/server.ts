import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { DateResolver, DateTimeResolver } from 'graphql-scalars';
import { Registry } from 'prom-client';
import { UNRECORDED } from '#audit';
import { createMetricsRuntime } from '#committee-metrics';
import { createViewerVerifier, requestSigningFromEnv, statedPurpose, tokenSettingsFromEnv } from '#identity';
import {
  checkParts,
  createErrorFormatter,
  createGraphQLHttpServer,
  createLogger,
  graphqlPath,
  type IncomingRequest,
  PRODUCTION_SETTINGS,
  refuseUnsafeProductionSettings,
  type Route,
  type Service,
} from '#service';
import { openSubgraphDatabase, storageFromEnv, type StorageLocation, type SubgraphDatabase } from '#storage';
import type { RequestContext, SubgraphContext } from './context.ts';
import type { SubgraphDefinition } from './definition.ts';
import type { SubgraphAdditions, SubgraphPart, SubgraphSetup } from './part.ts';
import { defaultSubgraphParts, REQUIRED_SUBGRAPH_PARTS } from './parts/index.ts';
import { subgraphTypeDefs } from './sdl.ts';

export interface SubgraphService extends Service {
  database: SubgraphDatabase;
}

export interface SubgraphServiceOptions {
  env?: NodeJS.ProcessEnv;
  storage?: StorageLocation;
  /**
   * 'if-empty' seeds a database that has never been seeded (the embedded default);
   * 'never' leaves it to `npm run seed` (the default with DATABASE_URL).
   */
  seedOnStart?: 'if-empty' | 'never';
  seedScale?: number;
  /**
   * What the service is assembled from, in order; default
   * {@link defaultSubgraphParts}. Set in code, never from the environment: a
   * benchmark's baseline, or a test of resolver logic alone, leaves parts out
   * (`defaultSubgraphParts({ leaveOut: ['enforcement'] })`). With
   * NODE_ENV=production a list without the access policy, the audit trail or
   * the gateway-signature check is refused.
   */
  parts?: readonly SubgraphPart[];
}

/**
 * Builds a subgraph from its definition and its parts: database opened,
 * migrated (and seeded if asked), each part set up, Apollo started, HTTP
 * server not yet listening (run.ts listens).
 */
export async function createSubgraphService<TLoaders>(
  definition: SubgraphDefinition<TLoaders>,
  options: SubgraphServiceOptions = {},
): Promise<SubgraphService> {
  const env = options.env ?? process.env;
  refuseUnsafeProductionSettings(env, PRODUCTION_SETTINGS.subgraph);
  const parts = [...(options.parts ?? defaultSubgraphParts()), ...(definition.parts ?? [])];
  // Before anything is opened: production does not start without the parts it requires.
  checkParts(`subgraph ${definition.name}`, parts, REQUIRED_SUBGRAPH_PARTS, env);
  const logger = createLogger(`subgraph-${definition.name}`, env);
  const leftOut = Object.keys(REQUIRED_SUBGRAPH_PARTS).filter((name) => !parts.some((part) => part.name === name));
  if (leftOut.length > 0) logger.warn({ leftOut }, 'assembled WITHOUT parts production requires: for measurement and tests only');
  // Production guard, before the database is opened: no SUBGRAPH_HMAC_SECRET (or a short one), no start.
  const signing = requestSigningFromEnv(env);
  const verifyViewer = createViewerVerifier(tokenSettingsFromEnv(env));
  const storage = options.storage ?? storageFromEnv(definition.name, env);
  const database = await openSubgraphDatabase(definition.database, storage, { debugSql: env.DEBUG_SQL === '1' });
  try {
    const { applied } = await database.migrate();
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    const seedOnStart =
      options.seedOnStart ?? (env.SEED_ON_START as 'if-empty' | 'never' | undefined) ?? (storage.kind === 'pglite' ? 'if-empty' : 'never');
    if (seedOnStart === 'if-empty' && !(await database.isSeeded())) {
      const scale = options.seedScale ?? Number(env.SEED_SCALE ?? 1);
      logger.info({ scale }, 'seeding an empty database with synthetic data');
      await database.seed(scale, logger);
    }
  } catch (error) {
    await database.close();
    throw error;
  }

  const built: SubgraphAdditions[] = [];
  const stopParts = async () => {
    for (const part of built.reverse()) await part.stop?.();
  };
  try {
    const typeDefs = subgraphTypeDefs(definition.schema);
    const schema = buildSubgraphSchema([
      {
        typeDefs,
        resolvers: { DateTime: DateTimeResolver, Date: DateResolver, ...definition.resolvers } as GraphQLResolverMap<unknown>,
      },
    ]);
    const setup: SubgraphSetup = {
      name: definition.name,
      env,
      logger,
      registry: new Registry(),
      ready: async () => {
        await database.ping();
        return true;
      },
      definition: definition as SubgraphDefinition<unknown>,
      database,
      typeDefs,
      schema,
      signing,
      verifyViewer,
    };
    for (const part of parts) built.push(await part.setup(setup));
    const served = built.flatMap((part) => (part.schema ? [part.schema] : []));
    if (served.length > 1) throw new Error('more than one part replaces the schema');

    const apollo = new ApolloServer<SubgraphContext<TLoaders>>({
      schema: served[0] ?? schema,
      includeStacktraceInErrorResponses: false,
      formatError: createErrorFormatter(logger),
      // The service's own lifecycle (service.ts) drains HTTP, stops Apollo and closes the database on a signal.
      stopOnTerminationSignals: false,
      introspection: env.NODE_ENV !== 'production',
      validationRules: built.flatMap((part) => part.validationRules ?? []),
      // No federated tracing (ftv1) and no cache hints: each wraps every field's resolver, and
      // nothing here reads them (the gateway answers its clients no-store by its own policy).
      plugins: [
        ApolloServerPluginLandingPageDisabled(),
        ApolloServerPluginInlineTraceDisabled(),
        ApolloServerPluginCacheControlDisabled(),
        ...built.flatMap((part) => part.plugins ?? []),
      ],
    });
    await apollo.start();
    for (const part of built) part.start?.();

    const admit = (request: IncomingRequest) => {
      for (const part of built) part.admit?.(request);
    };
    const httpServer = createGraphQLHttpServer<SubgraphContext<TLoaders>>({
      apollo,
      path: graphqlPath(env),
      logger,
      routes: built.flatMap((part) => part.routes ?? []).map((route) => (route.method === 'POST' ? admitted(route, admit) : route)),
      around: aroundEach(built),
      context: requestContext(definition, setup, built, admit),
    });

    return {
      name: definition.name,
      httpServer,
      logger,
      database,
      async dispose() {
        await stopParts();
        await apollo.stop();
        await database.close();
      },
    };
  } catch (error) {
    await stopParts();
    await database.close();
    throw error;
  }
}

/**
 * Each request's context: the parts' checks first (the gateway's signature,
 * before the token is even looked at), then the request's own (viewer, em,
 * loaders, purpose), then what each part adds. Where a part is left out its
 * fields hold a stand-in: nothing recorded, every row in scope, no stated
 * purpose, figures computed on request and protected on this thread.
 */
function requestContext<TLoaders>(
  definition: SubgraphDefinition<TLoaders>,
  { env, logger, verifyViewer, database }: SubgraphSetup,
  built: readonly SubgraphAdditions[],
  admit: (request: IncomingRequest) => void,
): (request: IncomingRequest) => Promise<SubgraphContext<TLoaders>> {
  const standIns: Omit<SubgraphContext<TLoaders>, keyof RequestContext<TLoaders>> = {
    audit: UNRECORDED,
    rowScope: () => ({ kind: 'all' }),
    statedPurposeHolds: async () => false,
    metrics: createMetricsRuntime(env, logger),
  };
  const additions = built.flatMap((part) => (part.context ? [part.context.bind(part)] : []));
  return async (incoming) => {
    admit(incoming);
    const viewer = await verifyViewer(incoming.headers.authorization);
    const em = database.fork();
    const request: RequestContext<TLoaders> = {
      viewer,
      em,
      loaders: definition.createLoaders(em, viewer),
      requestId: incoming.requestId,
      purpose: statedPurpose(incoming.headers),
    };
    const context: SubgraphContext<TLoaders> = { ...standIns, ...request };
    for (const add of additions) Object.assign(context, add(request));
    return context;
  };
}

/** A POST route the parts' checks admit first: a refused request answers 401, saying nothing about why. */
function admitted(route: Route, admit: (request: IncomingRequest) => void): Route {
  return {
    ...route,
    handle: async (request) => {
      try {
        admit(request);
      } catch {
        return { status: 401, body: { error: 'unauthenticated' } };
      }
      return route.handle(request);
    },
  };
}

/** The parts' `around`s, the first part's outermost. */
function aroundEach(built: readonly SubgraphAdditions[]) {
  const arounds = built.flatMap((part) => (part.around ? [part.around.bind(part)] : []));
  if (arounds.length === 0) return undefined;
  return (request: { requestId: string }, handle: () => Promise<void>): Promise<void> =>
    arounds.reduceRight<() => Promise<void>>((inner, around) => () => around(request, inner), handle)();
}
