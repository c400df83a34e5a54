import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloGateway } from '@apollo/gateway';
import { createErrorFormatter } from '#service';
import { createLogger } from '#service';
import { graphqlPath } from '#service';
import { createGraphQLHttpServer } from '#service';
import { createViewerVerifier } from '#identity';
import { tokenSettingsFromEnv } from '#identity';
import { requestSigningFromEnv } from '#identity';
import { statedPurpose } from '#identity';
import type { Service } from '#service';
import type { GatewayContext } from './context.ts';
import { IdentityForwardingDataSource } from './plugins/forward-identity.ts';
import { policyFilterPlugin, policyModeFromEnv } from './plugins/policy-filter/index.ts';
import { createRefusalRecorder } from './refusal-recorder.ts';
import { createSubgraphFetcher } from './subgraph-client.ts';
import { readSupergraph, subgraphAddress, supergraphForApolloGateway } from './supergraph.ts';

export interface GatewayOptions {
  env?: NodeJS.ProcessEnv;
  /** Subgraph URLs by name; default from the environment (`CASES_URL`, ports, ...). */
  subgraphUrls?: Partial<Record<string, string>>;
  /**
   * 'off' plans every operation as sent, without the policy filter: only for
   * measuring what enforcement costs (bench/). Set in code, never from the
   * environment, and refused when NODE_ENV=production.
   */
  enforcement?: 'on' | 'off';
}

/** Builds the gateway (Apollo Gateway on the committed static supergraph), not yet listening. */
export async function createGatewayService(options: GatewayOptions = {}): Promise<Service> {
  const env = options.env ?? process.env;
  const logger = createLogger('gateway', env);
  const enforced = options.enforcement !== 'off';
  if (!enforced && env.NODE_ENV === 'production') throw new Error('the gateway cannot run without its access policy in production');
  if (!enforced) logger.warn('planning WITHOUT the access policy (enforcement off): for measurement only');
  const supergraph = readSupergraph();
  const supergraphSdl = supergraph.sdl;
  const composedUrls = new Map([...supergraph.graphs.values()].map(({ name, url }) => [name, url]));
  const urlOf = (name: string) => options.subgraphUrls?.[name] ?? subgraphAddress(composedUrls.get(name)!, name, env);
  const client = createSubgraphFetcher({ signingSecret: requestSigningFromEnv(env)?.secret });

  const gateway = new ApolloGateway({
    supergraphSdl: supergraphForApolloGateway(supergraphSdl),
    buildService: ({ name }) => new IdentityForwardingDataSource({ url: urlOf(name), fetcher: client.fetcher }),
    logger,
  });
  const verifyViewer = createViewerVerifier(tokenSettingsFromEnv(env, logger));
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(logger),
    // The service's own lifecycle (service.ts) drains HTTP and stops Apollo on a signal.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageLocalDefault({
        embed: { initialState: { sharedHeaders: { Authorization: 'Bearer <paste a token from `npm run token`>' } } },
        includeCookies: false,
      }),
      ...(enforced
        ? [
            policyFilterPlugin({
              mode: policyModeFromEnv(env),
              supergraphSdl,
              logger,
              recordRefusals: createRefusalRecorder({ supergraph, urlOf, fetcher: client.fetcher, logger }),
            }),
          ]
        : []),
    ],
  });
  await apollo.start();

  const httpServer = createGraphQLHttpServer<GatewayContext>({
    apollo,
    path: graphqlPath(env),
    logger,
    corsOrigin: env.CORS_ORIGIN ?? '*',
    allowGet: true,
    ready: async () => {
      const answers = await Promise.all(
        [...composedUrls.keys()].map(async (name) => {
          const response = await fetch(new URL('/ready', urlOf(name)), { signal: AbortSignal.timeout(2_000) });
          return response.ok;
        }),
      );
      return answers.every(Boolean);
    },
    context: async ({ headers, requestId }) => ({
      viewer: await verifyViewer(headers.authorization),
      requestId,
      purpose: statedPurpose(headers),
    }),
  });

  return {
    name: 'gateway',
    httpServer,
    logger,
    async dispose() {
      await apollo.stop();
      await client.close();
    },
  };
}
