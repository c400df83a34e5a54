import { ApolloServer } from '@apollo/server';
import { ApolloGateway } from '@apollo/gateway';
import { Registry } from 'prom-client';
import { checkParts, createErrorFormatter } from '#service';
import { PRODUCTION_SETTINGS, refuseUnsafeProductionSettings } from '#service';
import { createLogger } from '#service';
import { graphqlPath } from '#service';
import { createGraphQLHttpServer } from '#service';
import { createViewerVerifier } from '#identity';
import { tokenSettingsFromEnv } from '#identity';
import { requestSigningFromEnv } from '#identity';
import { IDEMPOTENCY_KEY_HEADER, statedPurpose } from '#identity';
import type { Service } from '#service';
import type { GatewayContext } from './context.ts';
import { devIdentityRoutes } from './dev-identities.ts';
import { landingPage } from './explorer/index.ts';
import { defaultGatewayParts, type GatewayPart, type GatewaySetup, REQUIRED_GATEWAY_PARTS } from './part.ts';
import { admitted, type GatewayAdditions } from './part.ts';
import { createSubgraphFetcher } from './subgraph-client.ts';
import { SubgraphDataSource, subgraphTimeoutMs } from './subgraph-faults.ts';
import { subgraphsReadiness } from './subgraph-readiness.ts';
import { readSupergraph, subgraphAddress, supergraphForApolloGateway } from './supergraph.ts';

export interface GatewayOptions {
  env?: NodeJS.ProcessEnv;
  /** Subgraph URLs by name; default from the environment (`CASES_URL`, ports, ...). */
  subgraphUrls?: Partial<Record<string, string>>;
  /**
   * What the gateway is assembled from, in order; default
   * {@link defaultGatewayParts}. Set in code, never from the environment: the
   * benchmark's plain gateway leaves the policy filter out
   * (`defaultGatewayParts({ leaveOut: ['policy-filter'] })`), which
   * NODE_ENV=production refuses.
   */
  parts?: readonly GatewayPart[];
}

/** Builds the gateway (Apollo Gateway on the committed static supergraph) from its parts, not yet listening (index.ts listens). */
export async function createGatewayService(options: GatewayOptions = {}): Promise<Service> {
  const env = options.env ?? process.env;
  refuseUnsafeProductionSettings(env, PRODUCTION_SETTINGS.gateway);
  const parts = options.parts ?? defaultGatewayParts();
  checkParts('the gateway', parts, REQUIRED_GATEWAY_PARTS, env);
  const page = landingPage(env);
  const logger = createLogger('gateway', env);
  const leftOut = Object.keys(REQUIRED_GATEWAY_PARTS).filter((name) => !parts.some((part) => part.name === name));
  if (leftOut.length > 0) logger.warn({ leftOut }, 'assembled WITHOUT parts production requires: for measurement only');
  const supergraph = readSupergraph();
  const composedUrls = new Map([...supergraph.graphs.values()].map(({ name, url }) => [name, url]));
  const urlOf = (name: string) => options.subgraphUrls?.[name] ?? subgraphAddress(composedUrls.get(name)!, name, env);
  const timeoutOf = (name: string) => subgraphTimeoutMs(name, env);
  const longest = Math.max(...[...composedUrls.keys()].map(timeoutOf));
  const client = createSubgraphFetcher({ signingSecret: requestSigningFromEnv(env)?.secret, timeoutMs: longest });

  const gateway = new ApolloGateway({
    supergraphSdl: supergraphForApolloGateway(supergraph),
    buildService: ({ name }) =>
      new SubgraphDataSource({ name, url: urlOf(name), fetcher: client.fetcher, timeoutMs: timeoutOf(name), logger }),
    logger,
  });
  const verifyViewer = createViewerVerifier(tokenSettingsFromEnv(env, logger));
  const setup: GatewaySetup = {
    name: 'gateway',
    env,
    logger,
    registry: new Registry(),
    ready: subgraphsReadiness([...composedUrls.keys()], urlOf),
    supergraph,
    urlOf,
    fetcher: client.fetcher,
  };
  const built: GatewayAdditions[] = [];
  try {
    for (const part of parts) built.push(await part.setup(setup));
  } catch (error) {
    for (const part of built.reverse()) await part.stop?.();
    await client.close();
    throw error;
  }
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(logger),
    // The service's own lifecycle (service.ts) drains HTTP and stops Apollo on a signal.
    stopOnTerminationSignals: false,
    // Introspection for the explorer in development only: in production the schema is not handed to anyone.
    introspection: env.NODE_ENV !== 'production',
    validationRules: built.flatMap((part) => part.validationRules ?? []),
    plugins: [page, ...built.flatMap((part) => part.plugins ?? [])],
  });
  await apollo.start();

  const httpServer = createGraphQLHttpServer<GatewayContext>({
    apollo,
    path: graphqlPath(env),
    logger,
    corsOrigin: env.CORS_ORIGIN ?? '*',
    allowGet: true,
    routes: [...devIdentityRoutes(env), ...built.flatMap((part) => part.routes ?? [])],
    context: admitted(built, async ({ headers, requestId }) => ({
      viewer: await verifyViewer(headers.authorization),
      requestId,
      purpose: statedPurpose(headers),
      idempotencyKey: headerText(headers[IDEMPOTENCY_KEY_HEADER]),
    })),
  });

  return {
    name: 'gateway',
    httpServer,
    logger,
    async dispose() {
      for (const part of built.reverse()) await part.stop?.();
      await apollo.stop();
      await client.close();
    },
  };
}

/** A header's value as one string (repeated headers joined, as HTTP folds them); undefined when absent or empty. */
function headerText(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value.join(', ') : value;
  return text || undefined;
}
