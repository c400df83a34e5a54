import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import type { EntityManager } from '@mikro-orm/core';
import { DateResolver, DateTimeResolver } from 'graphql-scalars';
import { createErrorFormatter, UnauthenticatedError } from '#service';
import { createLogger } from '#service';
import { subgraphTypeDefs } from './sdl.ts';
import {
  openSubgraphDatabase,
  storageFromEnv,
  type StorageLocation,
  type SubgraphDatabase,
  type SubgraphDatabaseDefinition,
} from '#storage';
import { createGraphQLHttpServer } from '#service';
import { createViewerVerifier } from '#identity';
import { tokenSettingsFromEnv } from '#identity';
import { requestSigningFromEnv, verifyReceivedRequest } from '#identity';
import type { Viewer } from '#identity';
import { graphqlPath } from '#service';
import type { Service } from '#service';
import { AuditLog, UNRECORDED, type AuditRecorder } from '#audit';
import { AuditChainWriter } from '#audit';
import { AuditEntrySchema } from '#audit';
import { statedPurpose } from '#identity';
import { createEnforcement, type RowScope, type RowSources } from '#policy';
import { REFUSALS_PATH, refusalRecorder } from '#audit';
import { createStatedPurposeCheck } from '#policy';
import { createMetricsRuntime, type MetricsRuntime } from '#committee-metrics';
import { SuppressionPool } from '#committee-metrics';
import { pakistanDate } from '#reference-data';
import type { Logger } from '#service';

/** What every resolver of every subgraph receives. */
export interface SubgraphContext<TLoaders> {
  viewer: Viewer;
  /** An EntityManager forked for this request alone. */
  em: EntityManager;
  /** DataLoaders created for this request alone. */
  loaders: TLoaders;
  requestId: string;
  /** The case reference the caller stated as the purpose of this request (`x-case-purpose`), if any. */
  purpose?: string;
  /** Where this request's sensitive reads (and refusals) are recorded, before their values are returned. */
  audit: AuditRecorder;
  /** For list queries: which rows of a type the viewer may see, from the type's rule in the SDL. */
  rowScope: (typeName: string) => RowScope;
  /** STATED_PURPOSE: whether the stated case is one the viewer is assigned to (asked once per request). */
  statedPurposeHolds: () => Promise<boolean>;
  /** The committee's metrics: the server's settings (k, targets) and its cache of protected years. */
  metrics: MetricsRuntime;
}

export interface SubgraphDefinition<TLoaders> {
  name: string;
  /** The port it listens on unless `<NAME>_PORT` says otherwise. */
  port: number;
  /** Its own schema.graphql; the shared common.graphql and policy.graphql are appended. */
  schema: URL;
  database: SubgraphDatabaseDefinition;
  // Typed per subgraph by its generated Resolvers type; the kit only passes them through.
  resolvers: object;
  createLoaders: (em: EntityManager, viewer: Viewer) => TLoaders;
  /** How to find the stored row behind a value of each row-ruled type (see policy/enforcement.ts). */
  rows: RowSources<SubgraphContext<TLoaders>>;
  /**
   * Where a STATED_PURPOSE rule is checked: the subgraph that knows which cases
   * a viewer is assigned to, read at each check. Without it, no stated purpose holds.
   */
  statedPurposeUrl?: (env: NodeJS.ProcessEnv) => string;
  /** Computes and keeps the subgraph's committee figures for a year (its dashboard section), so the first dashboard need not wait. */
  prepareMetrics?: (em: EntityManager, metrics: MetricsRuntime, year: number) => Promise<unknown>;
}

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
   * 'off' serves the schema without the policy: only for measuring what
   * enforcement costs (bench/) and for tests of resolver logic alone. Set in
   * code, never from the environment, and refused when NODE_ENV=production.
   */
  enforcement?: 'on' | 'off';
  /**
   * 'off' records no sensitive read and no refusal on the audit trail: only
   * for measuring what the trail costs (bench/, the plain-gateway baseline).
   * Set in code, never from the environment, and refused when NODE_ENV=production.
   */
  audit?: 'on' | 'off';
}

/** Builds a subgraph: database opened, migrated (and seeded if asked), Apollo started, HTTP server not yet listening. */
export async function createSubgraphService<TLoaders>(
  definition: SubgraphDefinition<TLoaders>,
  options: SubgraphServiceOptions = {},
): Promise<SubgraphService> {
  const env = options.env ?? process.env;
  const logger = createLogger(`subgraph-${definition.name}`, env);
  const enforced = options.enforcement !== 'off';
  if (!enforced && env.NODE_ENV === 'production') throw new Error('a subgraph cannot run without its access policy in production');
  const audited = options.audit !== 'off';
  if (!audited && env.NODE_ENV === 'production') throw new Error('a subgraph cannot run without its audit trail in production');
  // Production guard, before the database is opened: no SUBGRAPH_HMAC_SECRET (or a short one), no start.
  const signing = requestSigningFromEnv(env);
  const verifyViewer = createViewerVerifier(tokenSettingsFromEnv(env));
  // A year's figures are protected on a worker thread, off the event loop that serves requests (none until needed).
  const suppression = new SuppressionPool();
  const metrics = createMetricsRuntime(env, logger, suppression.protect);
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

  const typeDefs = subgraphTypeDefs(definition.schema);
  const keepsTrail = definition.database.entities.includes(AuditEntrySchema);
  // Every field guarded by the rule its directives give it (deny by default), before Apollo sees the schema.
  const unguarded = buildSubgraphSchema([
    {
      typeDefs,
      resolvers: { DateTime: DateTimeResolver, Date: DateResolver, ...definition.resolvers } as GraphQLResolverMap<unknown>,
    },
  ]);
  const enforcement = createEnforcement<SubgraphContext<TLoaders>>(unguarded, {
    typeDefs,
    rows: definition.rows,
    auditDenials: keepsTrail,
  });
  if (!enforced) logger.warn('serving WITHOUT the access policy (enforcement off): for measurement and resolver tests only');
  if (!audited) logger.warn('recording NOTHING on the audit trail (audit off): for measurement only');
  const schema = enforced ? enforcement.schema : unguarded;
  const rowScope = enforced ? enforcement.rowScope : () => ({ kind: 'all' }) as const;
  const { statedPurposeUrl } = definition;
  const checkStatedPurpose = statedPurposeUrl
    ? createStatedPurposeCheck({ assignmentsUrl: () => statedPurposeUrl(env), signing, logger })
    : async () => false;
  const apollo = new ApolloServer<SubgraphContext<TLoaders>>({
    schema,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(logger),
    // The service's own lifecycle (service.ts) drains HTTP, stops Apollo and closes the database on a signal.
    stopOnTerminationSignals: false,
    // No federated tracing (ftv1) and no cache hints: each wraps every field's resolver, and
    // nothing here reads them (the gateway answers its clients no-store by its own policy).
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled()],
  });
  await apollo.start();
  const preparing = prepareMetricsInBackground(definition, database, metrics, logger);

  // One writer of the trail for the whole process: concurrent requests share its transactions (group commit).
  const auditWriter = new AuditChainWriter({ em: () => database.fork(), schema: database.schema, logger });

  const httpServer = createGraphQLHttpServer({
    apollo,
    path: graphqlPath(env),
    logger,
    ready: async () => {
      await database.ping();
      return true;
    },
    // Fields the gateway refused before planning are recorded here, by the subgraph that owns them.
    postRoutes:
      keepsTrail && audited
        ? {
            [REFUSALS_PATH]: refusalRecorder({
              database,
              writer: auditWriter,
              verifyViewer,
              signing,
              knownFields: enforcement.fields,
              logger,
            }),
          }
        : {},
    metrics: () =>
      [
        '# HELP sql_statements_total SQL statements this subgraph has sent to its database.',
        '# TYPE sql_statements_total counter',
        `sql_statements_total{subgraph="${definition.name}"} ${database.statementCount()}`,
        '# HELP committee_figures_computed_total Years of committee figures this subgraph has counted and protected, by section.',
        '# TYPE committee_figures_computed_total counter',
        ...[...metrics.computed].map(
          ([section, count]) => `committee_figures_computed_total{subgraph="${definition.name}",section="${section}"} ${count}`,
        ),
        '# HELP committee_figures_preparing 1 while the figures of the recent years are being prepared after start, then 0.',
        '# TYPE committee_figures_preparing gauge',
        `committee_figures_preparing{subgraph="${definition.name}"} ${preparing.inProgress() ? 1 : 0}`,
        '',
      ].join('\n'),
    context: async ({ headers, requestId, rawBody }) => {
      // The gateway's signature first, before the token is even looked at; the
      // caller learns only UNAUTHENTICATED, the log says why.
      if (signing) {
        const check = verifyReceivedRequest({ headers, rawBody }, signing);
        if (!check.valid) {
          logger.warn({ requestId, reason: check.reason }, 'refused a request without a valid gateway signature');
          throw new UnauthenticatedError();
        }
      }
      const viewer = await verifyViewer(headers.authorization);
      const purpose = statedPurpose(headers);
      const em = database.fork();
      const audit = audited ? new AuditLog({ writer: auditWriter, viewer, requestId, purpose, logger }) : UNRECORDED;
      let purposeHolds: Promise<boolean> | undefined;
      return {
        viewer,
        em,
        loaders: definition.createLoaders(em, viewer),
        requestId,
        purpose,
        audit,
        rowScope: (typeName: string) => rowScope(typeName, viewer),
        statedPurposeHolds: () => (purposeHolds ??= checkStatedPurpose(viewer, purpose, requestId)),
        metrics,
      };
    },
  });

  return {
    name: definition.name,
    httpServer,
    logger,
    database,
    async dispose() {
      await preparing.stop();
      await apollo.stop();
      await suppression.close();
      await database.close();
    },
  };
}

/**
 * The committee's figures of the most recent years (METRICS_PREPARE_YEARS,
 * default 2: this year and last), computed once the service is up, in the
 * background: counting and protecting a year takes seconds at a large scale,
 * and a dashboard should not wait for it. Failures are logged; the figures are
 * then computed on the first request instead.
 */
function prepareMetricsInBackground<TLoaders>(
  definition: SubgraphDefinition<TLoaders>,
  database: SubgraphDatabase,
  metrics: MetricsRuntime,
  logger: Logger,
): { stop: () => Promise<void>; inProgress: () => boolean } {
  const years = metrics.settings.prepareYears;
  let stopped = false;
  let inProgress = false;
  let current: Promise<unknown> = Promise.resolve();
  if (definition.prepareMetrics && years > 0) {
    const thisYear = Number(pakistanDate(new Date()).slice(0, 4));
    inProgress = true;
    void (async () => {
      for (let year = thisYear; year > thisYear - years && !stopped; year--) {
        current = definition.prepareMetrics!(database.fork(), metrics, year).catch((error: unknown) => {
          if (!stopped) logger.warn({ err: error, year }, 'committee figures not prepared: they will be computed on the first request');
        });
        await current;
      }
      inProgress = false;
    })();
  }
  // A stop waits for the year being computed, so the database is not closed under it.
  return {
    inProgress: () => inProgress,
    stop: async () => {
      stopped = true;
      await current;
    },
  };
}
